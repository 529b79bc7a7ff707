"""Python's cyclic garbage collector, held off while the engine parses.

A parse builds hundreds of thousands of small objects (tokens, candidates, evidence,
mentions) and keeps most of them until it returns. Each time enough have been made the
cyclic collector walks every young object, and now and then every object in the
process (the gazetteer's cached places too), looking for reference cycles. The
engine's objects are trees: a parse leaves no cycle behind (tests/geo/test_collector.py
checks it), so those walks find nothing to free and cost a tenth to a fifth of a
parse of news. Memory is still freed as usual by reference counting; only the search
for cycles waits until the outermost parse returns.

The collector is process-wide: the pause is counted, so parses running at once in
several threads keep it paused until the last one ends, and it is switched back on
only if it was on when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0            # parses inside collector_paused() now
_was_enabled = False    # whether the collector was on when the first of them began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off, and restore it after.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
