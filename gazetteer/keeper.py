"""The one gazetteer a long-running server shares, kept usable when its file changes
under it: damaged (truncated, overwritten), replaced by a rebuild, or deleted.

A server opens the gazetteer once. If the file is then damaged, every lookup fails
("database disk image is malformed") until a restart. The keeper notices, before
handing the gazetteer out, that the file is no longer the one it opened (size,
modification time, inode), and reopens it; a file that no longer opens cleanly is
rebuilt, with progress messages. A caller that meets a failing lookup reports it
(:meth:`GazetteerKeeper.report_damage`) and the next :meth:`~GazetteerKeeper.get`
rebuilds. The old connection is closed, so no handle stays on a deleted file.

>>> from gazetteer import open_gazetteer
>>> keeper = GazetteerKeeper(open_gazetteer().path)
>>> keeper.get(progress=print).candidates("Kabul")[0].place.country_code
'AF'
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from gazetteer.build import build
from gazetteer.errors import GazetteerCorruptError, GazetteerMissingError
from gazetteer.store import Gazetteer

Progress = Callable[[str], None]

DAMAGED = "The place data (gazetteer) is damaged"
# What SQLite says when the file under an open connection is damaged or gone.
_DAMAGE_SIGNS = ("malformed", "not a database", "disk I/O error", "no such table", "unable to open",
                 "file is not a database", "database corrupt")


def _quiet(_message: str) -> None:
    pass


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


class GazetteerKeeper:
    """Hands out one open :class:`Gazetteer`, reopened or rebuilt when its file changed
    or a lookup found it damaged. Thread-safe: one caller rebuilds, the others wait."""

    def __init__(self, path: Path, *, builder: Callable[..., Path] = build) -> None:
        self.path = Path(path)
        self._builder = builder
        self._gazetteer: Gazetteer | None = None
        self._identity: tuple[int, int, int] | None = None
        self._damaged = ""
        self._lock = threading.Lock()

    def current(self) -> Gazetteer | None:
        """The gazetteer as last opened, without checking (None before the first get)."""
        return self._gazetteer

    def needs_attention(self) -> bool:
        """True when the next :meth:`get` must reopen or rebuild (cheap: one stat)."""
        return self._gazetteer is None or bool(self._damaged) or _identity(self.path) != self._identity

    def report_damage(self, error: BaseException) -> bool:
        """A lookup failed: when the message says the file is damaged, rebuild it on the
        next :meth:`get` and return True; other failures are not the file's (False).

        >>> GazetteerKeeper(Path("g.sqlite")).report_damage(RuntimeError("database disk image is malformed"))
        True
        """
        message = str(error)
        if not any(sign in message for sign in _DAMAGE_SIGNS):
            return False
        self._damaged = message
        return True

    def get(self, *, progress: Progress = _quiet) -> Gazetteer:
        """The gazetteer, reopened or rebuilt first when needed (raises GazetteerError
        or DataFolderError, with a plain message, when it cannot be)."""
        if not self.needs_attention():
            return self._gazetteer
        with self._lock:
            if not self.needs_attention():
                return self._gazetteer
            old, self._gazetteer = self._gazetteer, None
            if old is not None:
                old.close()    # no handle left on a file that is about to be replaced
            gazetteer = None
            if not self._damaged:
                try:
                    gazetteer = Gazetteer.open(self.path)
                except GazetteerMissingError:
                    progress(f"No place data (gazetteer) at {self.path}: building it (about 15 s, once).")
                except GazetteerCorruptError as exc:
                    progress(f"{DAMAGED} ({exc}). Rebuilding it (about 15 s)…")
            else:
                progress(f"{DAMAGED} ({self._damaged}). Rebuilding it (about 15 s)…")
            if gazetteer is not None and old is None and gazetteer.is_stale():
                gazetteer.close()
                gazetteer = None
                progress(f"The place data at {self.path} was built from older data: rebuilding it (about 15 s).")
            if gazetteer is None:
                self._builder(self.path, progress=progress)
                gazetteer = Gazetteer.open(self.path)
                progress("The place data is ready again.")
            self._gazetteer, self._identity, self._damaged = gazetteer, _identity(self.path), ""
            return gazetteer
