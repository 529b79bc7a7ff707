"""Real processes of a batch run, read from the system (psutil): no mocks."""

from __future__ import annotations

import psutil


def with_children(pid: int) -> set[int]:
    """``pid`` and every process below it (a batch driver's Dask workers)."""
    try:
        return {pid} | {child.pid for child in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def still_running(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has ended: it only waits to be reaped)."""
    alive = set()
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.add(pid)
        except psutil.NoSuchProcess:
            continue
    return alive
