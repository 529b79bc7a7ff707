"""Run a check where file permissions apply: tests run as root in CI, and root reads
and writes anything, so the call runs in a forked child that drops to uid/gid 65534."""

from __future__ import annotations

import os
from collections.abc import Callable

NOBODY = 65534


def run_as_nobody(attempt: Callable[[], str]) -> str:
    """``attempt()``'s string, computed as uid 65534 when we are root (else directly)."""
    if os.geteuid() != 0:
        return attempt()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop privileges, report, and leave without running pytest's cleanup
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write_end, attempt().encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode("utf-8")
    os.waitpid(pid, 0)
    return message
