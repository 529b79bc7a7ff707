"""The progress bar a batch run draws on stderr, and the summary it ends with."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TextIO

from geo.corpus.phases import Phase

_BAR_WIDTH = 28
# A terminal is redrawn often; a log file (not a terminal) gets a line now and then.
_TTY_INTERVAL_S = 0.5
_LOG_INTERVAL_S = 10.0


def format_eta(seconds: float | None) -> str:
    """``h:mm:ss``, or ``--:--`` when unknown.

    >>> format_eta(3725), format_eta(None)
    ('1:02:05', '--:--')
    """
    if seconds is None or seconds != seconds or seconds < 0:
        return "--:--"
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class ProgressBar:
    """Documents done out of ``total``, documents per second and the time left."""

    def __init__(self, total: int, stream: TextIO, *, already_done: int = 0) -> None:
        self.total = total
        self.stream = stream
        self.done = already_done
        self._start_done = already_done
        self._started = time.monotonic()
        self._last_drawn = 0.0
        self._tty = bool(getattr(stream, "isatty", lambda: False)())

    def advance(self, documents: int) -> None:
        self.done += documents
        now = time.monotonic()
        if now - self._last_drawn >= (_TTY_INTERVAL_S if self._tty else _LOG_INTERVAL_S):
            self._draw(now)

    def finish(self) -> None:
        self._draw(time.monotonic())
        if self._tty:
            self.stream.write("\n")
        self.stream.flush()

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        elapsed = max(now - self._started, 1e-9)
        rate = (self.done - self._start_done) / elapsed
        left = (self.total - self.done) / rate if rate > 0 and self.total else None
        fraction = min(self.done / self.total, 1.0) if self.total else 1.0
        filled = int(fraction * _BAR_WIDTH)
        bar = "#" * filled + "." * (_BAR_WIDTH - filled)
        return f"[{bar}] {self.done:,}/{self.total:,} documents  {rate:,.1f} docs/s  ETA {format_eta(left)}"

    def _draw(self, now: float) -> None:
        self._last_drawn = now
        self.stream.write(("\r" if self._tty else "") + self.line(now) + ("" if self._tty else "\n"))
        self.stream.flush()


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a run did (this run) and what its output folder holds (all runs)."""

    documents: int              # in the output folder
    mentions: int
    errors: int                 # failed documents in the output folder
    parsed: int                 # documents parsed by this run
    skipped_partitions: int     # already written, skipped by --resume
    seconds: float
    words: int                  # words parsed by this run
    peak_worker_rss_mb: float
    workers: int
    # The workers' CPU time (start-up included) up to their last partition: what the
    # documents cost, whatever else shares the machine.
    worker_cpu_seconds: float = 0.0
    # The driver's peak resident memory (reading, scheduling, the place index): bounded
    # by the partitions in flight and one range of the place index, not by the corpus.
    driver_peak_rss_mb: float = 0.0
    # Where the run's time went (geo.corpus.phases), for bench/batch_bench.py.
    phases: tuple[Phase, ...] = ()

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def documents_per_second(self) -> float:
        return self.parsed / self.seconds if self.seconds > 0 else 0.0

    def text(self) -> str:
        """The closing lines of a run.

        >>> print(BatchSummary(10, 42, 1, 10, 0, 2.0, 900, 120.0, 2).text())
        documents 10 (1 failed) | mentions 42 | 2.0 s | 450 words/s, 5.0 docs/s on 2 workers | peak worker memory 120 MB
        """
        skipped = f" | {self.skipped_partitions} partitions already done" if self.skipped_partitions else ""
        failed = f" ({self.errors:,} failed)" if self.errors else ""
        driver = f", driver {self.driver_peak_rss_mb:,.0f} MB" if self.driver_peak_rss_mb else ""
        return (f"documents {self.documents:,}{failed} | mentions {self.mentions:,} | {self.seconds:,.1f} s | "
                f"{self.words_per_second:,.0f} words/s, {self.documents_per_second:,.1f} docs/s on "
                f"{self.workers} worker{'s' if self.workers != 1 else ''} | peak worker memory "
                f"{self.peak_worker_rss_mb:,.0f} MB{driver}{skipped}")
