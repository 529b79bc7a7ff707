"""Real file-system failures for tests: a small tmpfs that fills up (ENOSPC, not a
simulated error) and a read-only bind mount (read-only even for root, which CI runs
as and which ignores file modes). Both need the right to mount; a test that cannot
mount says so in its skip reason."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    proc = subprocess.run(["mount", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount here ({proc.stderr.strip() or proc.returncode}): "
                    "a real full or read-only file system needs CAP_SYS_ADMIN")


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextlib.contextmanager
def small_disk(target: Path, *, megabytes: int) -> Iterator[Path]:
    """A tmpfs of ``megabytes`` mounted at ``target``: writing past it fails with ENOSPC."""
    target.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(target))
    try:
        yield target
    finally:
        _umount(target)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` bind-mounted onto itself read-only, for as long as the block runs."""
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield folder
    finally:
        _umount(folder)


def deleted_files_held(pid: int | str = "self") -> list[str]:
    """Files ``pid`` still holds open although they were deleted (their space is not freed)."""
    held = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            link = str(fd.readlink())
            if link.endswith(" (deleted)"):
                held.append(link)
    return held
