"""kill -9 in the middle of saves: nothing that was saved is lost, nothing half-saved appears.

A child process (tests/reliability/save_loop.py) saves articles and corrections through
geo.workspace exactly as the app does and logs, fsynced, each change before the call
and after it returned. We SIGKILL it at random moments several times, then check the
workspace against the log and start the real app on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.browser.conftest import free_port, start_server
from tests.reliability.helpers import TIMEOUT, data_folder_with_gazetteer, integrity, map_ready, offline_page, \
    selectbox_options
from tests.reliability.save_loop import is_whole

CHILD = Path(__file__).resolve().parent / "save_loop.py"
KILLS = 6


def run_and_kill(data: Path, log: Path, run: int, rng: random.Random) -> None:
    env = dict(os.environ, PASSAGE_ATLAS_DATA=str(data))
    child = subprocess.Popen([sys.executable, str(CHILD), str(log), str(run), str(rng.randrange(10**9))],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Wait until this run has opened the workspace (the first runs also create it), then kill
    # it at a random moment of its save loop.
    deadline = time.monotonic() + 30
    while not (log.exists() and f'"run": {run}}}' in log.read_text(encoding="utf-8")):
        assert child.poll() is None, child.stderr.read().decode()
        assert time.monotonic() < deadline, "the save loop never opened the workspace"
        time.sleep(0.02)
    time.sleep(rng.uniform(0.2, 2.5))
    assert child.poll() is None, f"the save loop died by itself: {child.stderr.read().decode()[-2000:]}"
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=10) == -signal.SIGKILL


def expected_state(log: Path):
    """From the log: articles whose save returned, and which corrections each may have."""
    done_articles: dict[int, tuple[str, str]] = {}
    maybe_articles: list[tuple[str, str]] = []       # saved or not: killed between intent and done
    corrections: dict[tuple[int, str], set] = {}      # allowed values of (article, key)
    pending = None
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        op = record["op"]
        if op == "opened":
            if pending and pending["op"] == "intent-article":
                maybe_articles.append((pending["title"], pending["hash"]))
            pending = None
        elif op.startswith("intent-"):
            pending = record
            if op == "intent-correction":
                # Until its save returns, the old value and the new one are both allowed.
                slot = (record["id"], record["key"])
                corrections[slot] = corrections.get(slot, {"<none>"}) | {record["place"]}
        elif op == "done-article":
            done_articles[record["id"]] = (record["title"], record["hash"])
            pending = None
        elif op == "done-correction":
            corrections[(record["id"], record["key"])] = {record["place"]}
            pending = None
    if pending and pending["op"] == "intent-article":
        maybe_articles.append((pending["title"], pending["hash"]))
    return done_articles, maybe_articles, corrections


def test_sigkill_during_saves_loses_nothing_saved(atlas_data, browser, tmp_path):
    data = data_folder_with_gazetteer(atlas_data, tmp_path / "data")
    log = tmp_path / "saves.log"
    rng = random.Random(int(time.time()))
    print(f"seed {rng.random()}")
    for run in range(KILLS):
        run_and_kill(data, log, run, rng)

    workspace_file = data / "workspace.sqlite"
    # The next opener sees the killed writer's WAL and recovers it; integrity must hold.
    assert integrity(workspace_file) == "ok"
    done, maybe, corrections = expected_state(log)
    assert len(done) >= KILLS, f"too few saves returned before the kills ({len(done)}): the test proves little"

    db = sqlite3.connect(workspace_file)
    rows = {r[0]: r[1:] for r in db.execute("SELECT id, title, text, text_hash FROM articles")}
    correction_rows = {(r[0], r[1]): r[2] for r in db.execute("SELECT article_id, name_key, place_id FROM corrections")}
    db.close()

    # Every article whose save returned is there, byte for byte.
    for article_id, (title, digest) in done.items():
        assert article_id in rows, f"saved article {article_id} ({title}) is missing after the kills"
        got_title, text, stored_hash = rows[article_id]
        assert got_title == title
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == digest == stored_hash
    # Anything else is the one article a kill interrupted, and whole.
    extra = {i: r for i, r in rows.items() if i not in done}
    assert len(extra) <= len(maybe) <= KILLS
    for article_id, (title, text, stored_hash) in extra.items():
        assert (title, stored_hash) in maybe, f"article {article_id} ({title}) was never being saved"
    for article_id, (title, text, stored_hash) in rows.items():
        assert is_whole(text), f"article {article_id} ({title}) is half-written"
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == stored_hash
    # Corrections: each is the last value whose save returned, or the one a kill interrupted.
    for (article_id, key), allowed in corrections.items():
        value = correction_rows.get((article_id, key), "<none>")
        assert value in allowed, f"correction {key!r} of article {article_id} is {value!r}, expected one of {allowed}"
    assert set(correction_rows) <= set(corrections), "a correction appeared that was never saved"
    print(f"{KILLS} kills: {len(done)} saves returned, {len(extra)} interrupted saves committed whole, "
          f"{len(correction_rows)} corrections checked")

    # The real app starts on the recovered workspace and shows the saved articles.
    port = free_port()
    proc = start_server(data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as response:
            assert response.status == 200
        context, page = offline_page(browser, base)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            smallest = sorted(done, key=lambda i: len(rows[i][1]))[:2]
            for article_id in smallest:
                page.goto(f"{base}/?article={article_id}", timeout=TIMEOUT)
                map_ready(page)
                page.get_by_text(rows[article_id][0], exact=True).first.wait_for(timeout=TIMEOUT)
            page.get_by_role("link", name="Articles").first.click()
            page.get_by_text("Saved articles").wait_for(timeout=TIMEOUT)
            for article_id in [max(done), *rng.sample(sorted(done), min(3, len(done)))]:
                title = rows[article_id][0]
                options = selectbox_options(page, "Article", title)
                assert any(o.startswith(f"{title} ·") for o in options), (title, options)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert not errors, errors
        finally:
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
