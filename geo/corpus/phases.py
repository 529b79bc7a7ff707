"""Where a batch run's time goes: wall clock and CPU seconds, phase by phase.

A run marks the moments between its phases (the cluster up, the workers' gazetteers
open, the first partition done, the first worker idle, the last partition done, ...);
:class:`PhaseClock` turns consecutive marks into :class:`Phase` rows of wall-clock
seconds, the driver's CPU seconds and the local workers' CPU seconds. On a machine
shared with other work the wall clock moves with the load; the CPU seconds of each
phase, and each phase's share of the run, move much less, so ``bench/batch_bench.py``
prints both. A mark costs a few system calls: a run takes one per phase and one per
finished partition, never one per document.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass

import psutil


@dataclass(frozen=True, slots=True)
class PhaseMark:
    """A moment of the run: wall clock, the driver's CPU and its worker processes' CPU."""

    name: str
    wall: float
    driver_cpu: float
    workers_cpu: float
    documents: int          # documents finished by then


@dataclass(frozen=True, slots=True)
class Phase:
    """The stretch of a run that ends with the mark ``name``."""

    name: str
    seconds: float
    driver_cpu_seconds: float
    workers_cpu_seconds: float
    documents: int          # documents finished during it

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0


def children_cpu_seconds() -> float:
    """CPU seconds of this process's children, live (a local cluster's workers) and
    ended (reaped); 0 for workers on other machines, which are nobody's children here."""
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = ended.ru_utime + ended.ru_stime
    try:
        children = psutil.Process(os.getpid()).children(recursive=True)
    except psutil.Error:
        return total
    for child in children:
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue            # ended between the listing and the reading
        total += times.user + times.system
    return total


class PhaseClock:
    """The marks of one run, in order; :meth:`phases` are the stretches between them.

    >>> clock = PhaseClock()
    >>> _ = clock.mark("read", documents=0)
    >>> [phase.name for phase in clock.phases()]
    ['read']
    """

    def __init__(self) -> None:
        self._start = self.now("start", documents=0)
        self._marks: list[PhaseMark] = []

    @staticmethod
    def now(name: str, *, documents: int) -> PhaseMark:
        return PhaseMark(name, time.perf_counter(), time.process_time(), children_cpu_seconds(), documents)

    def mark(self, name: str, *, documents: int | None = None) -> PhaseMark:
        """End the current phase here, calling it ``name``; ``documents`` finished by
        now (None: as many as at the latest mark)."""
        if documents is None:
            documents = max((mark.documents for mark in self._marks), default=0)
        found = self.now(name, documents=documents)
        self._marks.append(found)
        return found

    def add(self, mark: PhaseMark) -> None:
        """A mark taken earlier (:meth:`now`), known to end a phase only later (the
        moment the first worker ran out of work is known once the last one has)."""
        self._marks.append(mark)

    def phases(self) -> tuple[Phase, ...]:
        marks = sorted(self._marks, key=lambda mark: mark.wall)
        found = []
        previous = self._start
        for mark in marks:
            found.append(Phase(mark.name, mark.wall - previous.wall, mark.driver_cpu - previous.driver_cpu,
                               max(0.0, mark.workers_cpu - previous.workers_cpu),
                               mark.documents - previous.documents))
            previous = mark
        return tuple(found)
