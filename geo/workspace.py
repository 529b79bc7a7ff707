"""Saved articles and the user's corrections, in SQLite beside the gazetteer.

The workspace lives in the data folder (``gazetteer.paths.data_dir()``), in WAL mode so
the dashboard's readers never wait for a writer. Every statement is parameterised;
every change runs in one transaction. A read-only data folder raises
:class:`~gazetteer.errors.DataFolderError` with a message that says what to do.

>>> import tempfile, pathlib
>>> ws = Workspace.open(pathlib.Path(tempfile.mkdtemp()) / "ws.sqlite")
>>> article_id = ws.save_article("Kabul", "Fighting reached Kabul.")
>>> ws.get_article(article_id).title
'Kabul'
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

from gazetteer.errors import ArticleNotFoundError, DataFolderError, PassageAtlasError
from gazetteer.paths import data_dir
from geo.corrections import Correction

WORKSPACE_FILENAME = "workspace.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL UNIQUE,
    source_format TEXT NOT NULL DEFAULT 'text',
    caption_spans TEXT NOT NULL DEFAULT '[]',
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name_key TEXT NOT NULL,
    place_id TEXT,               -- NULL: "not a place"
    created_at REAL NOT NULL,
    PRIMARY KEY (article_id, name_key)
);
"""


def text_hash(text: str) -> str:
    """The key an article's text is stored and cached under.

    >>> text_hash("a") == text_hash("a") != text_hash("b")
    True
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class SavedArticle:
    """An article as the workspace keeps it."""

    id: int
    title: str
    text: str
    text_hash: str
    source_format: str = "text"
    caption_spans: tuple[tuple[int, int], ...] = ()
    created_at: float = 0.0


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What saving an article did: ``created`` False when its text was already saved,
    and then ``title`` is the title it was saved under (the one kept)."""

    id: int
    created: bool
    title: str

    def message(self, asked_title: str) -> str:
        """What to tell the user, in plain words.

        >>> SaveOutcome(3, False, "Old").message("New")
        'This text was already saved as “Old”: opened it under that title.'
        """
        if self.created:
            return "Saved and opened the new article."
        if asked_title.strip() and asked_title.strip() != self.title:
            return f"This text was already saved as “{self.title}”: opened it under that title."
        return "This article was already saved: opened it."


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """A row of the article list, without the text."""

    id: int
    title: str
    chars: int
    created_at: float


class Workspace:
    """Saved articles and corrections; one connection, safe to share between threads."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path | None = None) -> Workspace:
        """Open (creating when needed) the workspace at ``path`` or in the data folder."""
        target = Path(path) if path else data_dir() / WORKSPACE_FILENAME
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=10)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.executescript(_SCHEMA)
        except (sqlite3.OperationalError, OSError) as exc:
            raise DataFolderError(
                f"Cannot write the workspace at {target} ({exc}). The data folder must be writable: "
                "set PASSAGE_ATLAS_DATA to a folder you can write to."
            ) from exc
        return cls(connection, target)

    @classmethod
    def open_read_only(cls, path: Path | None = None) -> Workspace:
        """Open saved work where nothing may be written (a read-only data folder): the
        articles can be listed and opened, every change raises DataFolderError.

        Raises DataFolderError when there is no workspace to read.
        """
        target = Path(path) if path else data_dir(create=False) / WORKSPACE_FILENAME
        if not target.is_file():
            raise DataFolderError(f"No saved articles at {target}.")
        uri = target.resolve().as_uri()
        # A WAL database in a folder that cannot be written can only be opened as
        # immutable when its -shm file cannot be created; nobody can write it either.
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                connection = sqlite3.connect(uri + query, uri=True, check_same_thread=False, isolation_level=None)
                connection.execute("SELECT count(*) FROM articles").fetchone()
                return cls(connection, target, read_only=True)
            except sqlite3.DatabaseError as exc:
                error = exc
                connection.close()
        raise DataFolderError(f"Cannot read the saved articles at {target}: {error}")

    def close(self) -> None:
        self._connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise DataFolderError(f"The data folder is read-only: nothing new can be saved in {self.path.parent}.")
        with self._lock:
            try:
                self._connection.execute("BEGIN IMMEDIATE")
                try:
                    yield self._connection
                except BaseException:
                    self._connection.execute("ROLLBACK")
                    raise
                self._connection.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if "readonly" in str(exc) or "read-only" in str(exc):
                    raise DataFolderError(f"The workspace at {self.path} is read-only: {exc}") from exc
                raise PassageAtlasError(f"Workspace update failed: {exc}") from exc
            except sqlite3.DatabaseError as exc:
                # Integrity and damage errors too: callers see the project's own error.
                raise PassageAtlasError(f"Workspace update failed: {exc}") from exc

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    # Articles ------------------------------------------------------------------

    def save_article(self, title: str, text: str, *, source_format: str = "text",
                     caption_spans: tuple[tuple[int, int], ...] = ()) -> int:
        """Store an article and return its id; the same text saved twice keeps one row."""
        return self.add_article(title, text, source_format=source_format, caption_spans=caption_spans).id

    def add_article(self, title: str, text: str, *, source_format: str = "text",
                    caption_spans: tuple[tuple[int, int], ...] = ()) -> SaveOutcome:
        """Store an article and say what happened: the same text saved again keeps its
        one row and its first title (:attr:`SaveOutcome.created` is False)."""
        digest = text_hash(text)
        title = title or "Untitled article"
        with self._transaction() as db:
            row = db.execute("SELECT id, title FROM articles WHERE text_hash = ?", (digest,)).fetchone()
            if row is not None:
                return SaveOutcome(int(row[0]), False, row[1])
            cursor = db.execute(
                "INSERT INTO articles (title, text, text_hash, source_format, caption_spans, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (title, text, digest, source_format,
                 json.dumps([list(span) for span in caption_spans]), time.time()),
            )
            return SaveOutcome(int(cursor.lastrowid), True, title)

    def list_articles(self) -> list[ArticleSummary]:
        rows = self._read("SELECT id, title, length(text), created_at FROM articles ORDER BY created_at, id")
        return [ArticleSummary(int(r[0]), r[1], int(r[2]), float(r[3])) for r in rows]

    def get_article(self, article_id: int) -> SavedArticle | None:
        rows = self._read(
            "SELECT id, title, text, text_hash, source_format, caption_spans, created_at FROM articles WHERE id = ?",
            (int(article_id),),
        )
        if not rows:
            return None
        r = rows[0]
        spans = tuple((int(a), int(b)) for a, b in json.loads(r[5]))
        return SavedArticle(int(r[0]), r[1], r[2], r[3], r[4], spans, float(r[6]))

    def find_by_hash(self, digest: str) -> int | None:
        rows = self._read("SELECT id FROM articles WHERE text_hash = ?", (digest,))
        return int(rows[0][0]) if rows else None

    def delete_article(self, article_id: int) -> bool:
        """Delete an article and its corrections; False when there was none."""
        with self._transaction() as db:
            db.execute("DELETE FROM corrections WHERE article_id = ?", (int(article_id),))
            cursor = db.execute("DELETE FROM articles WHERE id = ?", (int(article_id),))
            return cursor.rowcount > 0

    # Corrections ---------------------------------------------------------------

    def set_correction(self, article_id: int, correction: Correction) -> None:
        """Record (or replace) the user's decision for one name of one article.

        Raises :class:`ArticleNotFoundError` when the article is gone (deleted in
        another window): a correction never lands on another article.
        """
        with self._transaction() as db:
            _require_article(db, article_id)
            db.execute(
                "INSERT INTO corrections (article_id, name_key, place_id, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(article_id, name_key) DO UPDATE SET place_id = excluded.place_id, "
                "created_at = excluded.created_at",
                (int(article_id), correction.name_key, correction.place_id, time.time()),
            )

    def remove_correction(self, article_id: int, name_key: str) -> None:
        """Take back a correction; :class:`ArticleNotFoundError` when the article is gone."""
        with self._transaction() as db:
            _require_article(db, article_id)
            db.execute("DELETE FROM corrections WHERE article_id = ? AND name_key = ?", (int(article_id), name_key))

    def corrections(self, article_id: int) -> tuple[Correction, ...]:
        rows = self._read(
            "SELECT name_key, place_id FROM corrections WHERE article_id = ? ORDER BY created_at, name_key",
            (int(article_id),),
        )
        return tuple(Correction(name_key=r[0], place_id=r[1]) for r in rows)


ARTICLE_DELETED = "This article was deleted in another window: the change was not saved."


def _require_article(db: sqlite3.Connection, article_id: int) -> None:
    if db.execute("SELECT 1 FROM articles WHERE id = ?", (int(article_id),)).fetchone() is None:
        raise ArticleNotFoundError(ARTICLE_DELETED)
