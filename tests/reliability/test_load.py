"""Ten browser sessions at once, each opening the map and clicking places for a minute.

The driver is bench/load_test.py (the same code prints the figures from the command
line). Fails on any error a session saw (page exception, Streamlit exception box,
dialog, failed or >= 400 request to the server, a click whose passage never showed)
and when a session got too few answers.
"""

from __future__ import annotations

import asyncio

from bench.load_test import run_load, warm_up

SESSIONS = 10
DURATION_S = 60
MIN_CLICKS_PER_SESSION = 3
# Generous: two cores shared by chromium, the server and whatever else runs on the box.
# Meant to catch a stall (a lock held across sessions, a queue that never drains), not to grade speed.
MAX_P90_CLICK_S = 15.0


def test_ten_sessions_click_places_for_a_minute(server):
    asyncio.run(warm_up(server))
    report = asyncio.run(run_load(server, sessions=SESSIONS, duration=DURATION_S, seed=7))
    print("\n" + report.summary())
    assert not report.errors, "\n".join(report.errors[:20])
    assert len(report.loads) == SESSIONS, "a session never saw its map"
    for log in report.logs:
        assert len(log.clicks_s) >= MIN_CLICKS_PER_SESSION, f"session {log.index} got {len(log.clicks_s)} answers"
    p90 = sorted(report.clicks)[int(0.9 * (len(report.clicks) - 1))]
    assert p90 < MAX_P90_CLICK_S, report.summary()
