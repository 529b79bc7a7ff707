"""``python -m geo batch`` in a process group of its own, watched and time-limited.

The dashboard runs an uploaded corpus this way. A run lives only while someone
watches it: :meth:`BatchProcess.wait` polls it, and when the wait ends without the
run having finished (its time limit passed, or the watcher's own callback raised: a
Streamlit rerun because a new upload replaced it, the reader left the page or closed
the tab) the whole process group is ended, the driver *and* its Dask workers. The
output stays resumable: partitions are written to a temporary name and renamed, so an
ended run leaves only complete ones for ``--resume``.

The group matters: a LocalCluster's workers are the driver's children, and ending the
driver alone leaves them running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import psutil

from gazetteer.paths import PROJECT_ROOT
from geo.corpus.errors import BatchError

# Longest an uploaded corpus may run: the dashboard takes up to a few thousand
# documents, which take one to three minutes on two cores; ten minutes means something
# is wrong (a machine far busier than it should be), and the reader is told so.
UPLOAD_TIME_LIMIT_S = 600.0
# Between the polite signal to the group and the one that cannot be refused.
_GRACE_S = 5.0
_POLL_S = 0.25
_PROGRESS_MARK = " documents "        # in every progress line of geo.corpus.progress


def batch_command(source: Path, out: Path, *, workers: int | None = None, resume: bool = False) -> list[str]:
    """The command line of a batch run over ``source`` into ``out``.

    >>> batch_command(Path("in.jsonl"), Path("out"), workers=2, resume=True)[1:]
    ['-m', 'geo', 'batch', 'in.jsonl', '--out', 'out', '--resume', '--workers', '2']
    """
    command = [sys.executable, "-m", "geo", "batch", str(source), "--out", str(out)]
    if resume:
        command.append("--resume")
    if workers:
        command += ["--workers", str(workers)]
    return command


class BatchProcess:
    """One batch run in a process group of its own; its stderr goes to ``log``."""

    def __init__(self, command: Sequence[str], *, log: Path, time_limit_s: float = UPLOAD_TIME_LIMIT_S) -> None:
        self.log = log
        self.time_limit_s = time_limit_s
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "wb") as stderr:
            # A file, not a pipe: a pipe nobody reads fills up and stalls the run.
            self._process = subprocess.Popen(list(command), cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        self._started = time.monotonic()

    @property
    def pid(self) -> int:
        """The driver's pid, which is also the group's id."""
        return self._process.pid

    def group(self) -> list[psutil.Process]:
        """The processes of the run still alive: the driver and its workers."""
        alive = []
        for process in psutil.process_iter(["status"]):
            try:
                if os.getpgid(process.pid) == self.pid and process.info["status"] != psutil.STATUS_ZOMBIE:
                    alive.append(process)
            except (ProcessLookupError, psutil.Error):
                continue
        return alive

    def poll(self) -> int | None:
        """The exit status once the run has ended, else None."""
        return self._process.poll()

    def progress(self) -> str:
        """The run's last progress line ("[###...] 512/2,000 documents ..."), or ""."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").replace("\r", "\n").splitlines()
        except OSError:
            return ""
        return next((line.strip() for line in reversed(lines) if _PROGRESS_MARK in line), "")

    def error(self) -> str:
        """Why the run stopped, from its last ``error: ...`` line."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        found = [line for line in lines if line.startswith("error: ")]
        return found[-1][len("error: "):] if found else f"the batch run stopped (exit status {self.poll()})"

    def wait(self, *, on_tick: Callable[[str], None] | None = None, tick_s: float = 0.5) -> int:
        """Wait for the run to end and return its exit status; ``on_tick(progress)`` is
        called every ``tick_s`` meanwhile.

        Raises ``BatchError`` when the time limit passes. Whatever ends the wait early
        (the time limit, an exception from ``on_tick``, Ctrl-C) ends the run's whole
        process group first.
        """
        try:
            while (status := self.poll()) is None:
                if time.monotonic() - self._started > self.time_limit_s:
                    raise BatchError(f"the batch run took longer than its limit of {self.time_limit_s:,.0f} s "
                                     "and was stopped; run it with python -m geo batch instead")
                if on_tick is not None:
                    on_tick(self.progress())
                time.sleep(tick_s)
            return status
        finally:
            if self.poll() is None or self.group():
                self.cancel()

    def cancel(self) -> None:
        """End the run's whole process group (politely, then for sure) and reap the driver."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                break                        # nobody left in the group
            if self._group_ends_within(_GRACE_S):
                break
        try:
            self._process.wait(timeout=_GRACE_S)
        except subprocess.TimeoutExpired:
            pass

    def _group_ends_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._process.poll()             # reaps the driver as soon as it exits
            if not self.group():
                return True
            time.sleep(_POLL_S)
        return False
