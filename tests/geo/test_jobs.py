"""geo.jobs: parses in real worker processes (spawned), with progress, cancel and a
bounded number at once; the result cache bounded by bytes."""

from __future__ import annotations

import time

import pytest

from geo.jobs import CANCELLED, DONE, WORKER_NICENESS, JobCancelled, JobRunner, ResultCache, result_bytes
from geo.model import ParseResult
from geo.pipeline import parse
from geo.workspace import text_hash


@pytest.mark.slow
def test_a_job_in_a_worker_gives_the_inline_result(small_gazetteer):
    text = "Fighting reached Kabul.\r\n\r\nTalks in Paris and Montre\u0301al."
    runner = JobRunner(cache=ResultCache(max_bytes=10_000_000))
    job = runner.submit(text_hash(text), text, (), gazetteer_path=small_gazetteer.path)
    seen = set()
    while not job.wait(0.05):
        seen.add(job.status().label)
    result = job.result(0)
    assert job.status().state == DONE
    assert result == parse(text, small_gazetteer)
    assert result.text is text              # the worker sends no copy of the text back
    assert runner.cache.get(text_hash(text)) == result
    assert runner.running(text_hash(text)) is None


@pytest.mark.slow
def test_asking_again_for_a_text_being_read_reuses_its_job(small_gazetteer):
    text = "Convoys left Kabul for Herat. " * 20_000
    runner = JobRunner(cache=ResultCache(max_bytes=100_000_000))
    first = runner.submit("k", text, (), gazetteer_path=small_gazetteer.path)
    assert runner.submit("k", text, (), gazetteer_path=small_gazetteer.path) is first
    first.cancel()
    first.wait(30)


@pytest.mark.slow
def test_the_worker_reads_at_a_lower_priority_than_the_server(small_gazetteer):
    text = "Convoys left Kabul for Herat and Kandahar. " * 60_000
    runner = JobRunner(cache=ResultCache(max_bytes=100_000_000))
    job = runner.submit("n", text, (), gazetteer_path=small_gazetteer.path)
    try:
        deadline = time.monotonic() + 60
        while job.status().fraction < 0.05 and not job.done() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not job.done(), "the text must be long enough to catch the worker running"
        # Field 19 of /proc/PID/stat is the niceness (after the command in parentheses).
        worker = open(f"/proc/{job._process.pid}/stat").read().rsplit(")", 1)[1].split()
        server = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
        assert int(worker[16]) - int(server[16]) == WORKER_NICENESS
    finally:
        job.cancel()
        job.wait(30)


@pytest.mark.slow
def test_cancel_ends_the_worker_and_a_queued_job_never_starts(small_gazetteer):
    text = "Convoys left Kabul for Herat and Kandahar. " * 60_000
    runner = JobRunner(cache=ResultCache(max_bytes=100_000_000), max_workers=1)
    running = runner.submit("a", text, (), gazetteer_path=small_gazetteer.path)
    queued = runner.submit("b", text + " More.", (), gazetteer_path=small_gazetteer.path)
    deadline = time.monotonic() + 60
    while running._process is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert queued.status().state == "queued"       # one worker at once
    running.cancel()
    queued.cancel()
    assert running.wait(15) and queued.wait(15)
    assert running.status().state == CANCELLED == queued.status().state
    assert not running._process.is_alive()
    assert queued._process is None
    with pytest.raises(JobCancelled):
        running.result(0)
    assert runner.cache.get("a") is None


def test_cache_is_bounded_by_bytes_not_entries():
    small = ParseResult("Kabul. " * 100, (), (), (), ())
    big = ParseResult("x" * 600_000, (), (), (), ())
    cache = ResultCache(max_bytes=1_000_000)
    for n in range(40):
        cache.put(f"s{n}", small)
    assert cache.get("s0") is not None and cache.bytes <= 1_000_000
    cache.put("big", big)
    cache.put("big2", ParseResult("y" * 600_000, (), (), (), ()))
    assert cache.get("big") is None and cache.get("big2") is not None
    assert cache.bytes <= 1_000_000
    cache.put("huge", ParseResult("z" * 2_000_000, (), (), (), ()))
    assert cache.get("huge") is None, "a result over the whole budget is not kept"
    assert result_bytes(big) >= 600_000


@pytest.mark.slow
def test_one_readers_cancel_leaves_the_job_running_for_another(small_gazetteer):
    text = "Convoys left Kabul for Herat and Kandahar. " * 60_000
    runner = JobRunner(cache=ResultCache(max_bytes=100_000_000))
    job = runner.submit("shared", text, (), gazetteer_path=small_gazetteer.path, reader="first")
    assert runner.submit("shared", text, (), gazetteer_path=small_gazetteer.path, reader="second") is job
    try:
        assert job.cancel(reader="first") is False
        time.sleep(0.5)
        assert job.status().state in ("queued", "running"), "the second reader still waits for it"
        assert job.cancel(reader="second") is True
        assert job.wait(15) and job.status().state == CANCELLED
    finally:
        job.cancel()
        job.wait(30)


WORKER_OF_A_KILLED_SERVER = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from geo.jobs import JobRunner, ResultCache
runner = JobRunner(cache=ResultCache(max_bytes=100_000_000))
job = runner.submit("orphan", "Convoys left Kabul for Herat and Kandahar. " * 300_000, (), gazetteer_path=Path({path!r}))
# Recognising a 13 MB text: tens of seconds without a progress message that would
# find the pipe broken.
while job.status().fraction < 0.1:
    time.sleep(0.05)
print(job._process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_the_worker_ends_when_its_server_is_killed(small_gazetteer):
    """A SIGKILLed server must not leave its worker reading on, holding its memory."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path
    root = str(Path(__file__).resolve().parents[2])
    server = subprocess.Popen([sys.executable, "-c", WORKER_OF_A_KILLED_SERVER.format(root=root, path=str(small_gazetteer.path))],
                              stdout=subprocess.PIPE, text=True)
    worker = int(server.stdout.readline())
    assert os.path.exists(f"/proc/{worker}")
    server.send_signal(signal.SIGKILL)
    server.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and os.path.exists(f"/proc/{worker}") \
            and open(f"/proc/{worker}/stat").read().rsplit(")", 1)[1].split()[0] != "Z":
        time.sleep(0.1)
    alive = os.path.exists(f"/proc/{worker}") and open(f"/proc/{worker}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive, "the worker outlived its server"


@pytest.mark.slow
def test_a_worker_that_cannot_open_the_gazetteer_says_so_as_a_gazetteer_error(tmp_path):
    """The page rebuilds or reports the place data on a GazetteerError; the worker's other
    failures (out of memory) used to reach it the same way and read as damaged place data."""
    from gazetteer.errors import GazetteerError
    runner = JobRunner(cache=ResultCache(max_bytes=1_000_000))
    job = runner.submit("g", "Fighting reached Kabul.", (), gazetteer_path=tmp_path / "missing.sqlite")
    assert job.wait(60)
    with pytest.raises(GazetteerError, match="No gazetteer"):
        job.result(0)
