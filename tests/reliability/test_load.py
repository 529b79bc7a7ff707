"""Ten browser sessions at once, each opening the map and clicking places for a minute.

The driver is bench/load_test.py (the same code prints the figures from the command
line). Fails on any error a session saw (page exception, Streamlit exception box,
dialog, failed or >= 400 request to the server, a click whose passage never showed)
and when a session got too few answers.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load_test import run_load, warm_up
from tests.browser.conftest import free_port, start_server
from tests.reliability.helpers import data_folder_with_gazetteer

SESSIONS = 10
DURATION_S = 60
MIN_CLICKS_PER_SESSION = 3
# Generous: two cores shared by chromium, the server and whatever else runs on the box.
# Meant to catch a stall (a lock held across sessions, a queue that never drains), not to grade speed.
MAX_P90_CLICK_S = 15.0


@pytest.fixture
def unwatched_server(atlas_data, tmp_path, monkeypatch):
    """The app with Streamlit's file watcher off, on its own workspace.

    Other developers edit this checkout while tests run; with the watcher on, each edit
    makes Streamlit evict the app's modules from sys.modules while other sessions'
    scripts are importing them (see docs/RELIABILITY.md). That is measured apart; this
    test measures load.
    """
    monkeypatch.setenv("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    port = free_port()
    proc = start_server(data_folder_with_gazetteer(atlas_data, tmp_path / "data"), port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_ten_sessions_click_places_for_a_minute(unwatched_server):
    server = unwatched_server
    # In a thread of its own: the other tests' sync Playwright keeps an event loop on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, warm_up(server)).result()
        report = pool.submit(asyncio.run, run_load(server, sessions=SESSIONS, duration=DURATION_S, seed=7)).result()
    print("\n" + report.summary())
    assert not report.errors, "\n".join(report.errors[:20])
    assert len(report.loads) == SESSIONS, "a session never saw its map"
    for log in report.logs:
        assert len(log.clicks_s) >= MIN_CLICKS_PER_SESSION, f"session {log.index} got {len(log.clicks_s)} answers"
    # A click whose passage never shows is a user clicking again; a few under this load, not many.
    assert len(report.lost) <= max(2, 0.05 * len(report.clicks)), report.summary()
    p90 = sorted(report.clicks)[int(0.9 * (len(report.clicks) - 1))]
    assert p90 < MAX_P90_CLICK_S, report.summary()
