"""What the corpus view asks of a batch output folder, answered by DuckDB over its files.

Nothing is loaded whole: DuckDB reads the files where they lie. A place's passages,
the map's places and the timelines come from the place index (``geo.corpus.place_index``),
the corpus's counts from the summary file written at the end of a run, so opening
and clicking read a few row groups, not every partition
(``bench/corpus_click_bench.py`` measures both).
Every value from a user reaches SQL as a parameter, never pasted into the text.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from geo.corpus.errors import BatchError
from geo.corpus.output import MANIFEST, TEMP_PREFIX, OutputFolder
from geo.corpus.phases import PhaseClock
from geo.corpus.place_index import (
    DATE_SQL, PLACE_INDEX, connect_tables, document_columns, passages_by_place_sql, places_table, read_files_sql,
    write_place_index,
)

# The corpus's counts and the filters' choices, written at the end of a run.
SUMMARY = "corpus_summary.json"


@dataclass(frozen=True, slots=True)
class CorpusFilters:
    """What the user narrowed the corpus to; empty means everything."""

    feature_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    documents: int
    errors: int
    mentions: int
    places: int
    has_dates: bool
    has_sources: bool
    first_date: date | None
    last_date: date | None
    feature_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    document_columns: tuple[str, ...] = ()


def detect_format(path: Path) -> str:
    """``parquet`` or ``jsonl``, from the partitions' files."""
    for candidate in ("parquet", "jsonl"):
        if any(path.glob(f"part-*/documents.{candidate}")):
            return candidate
    raise BatchError(f"{path} holds no finished partition of a batch run")


class CorpusView:
    """Read-only questions over one batch output folder.

    Everything about places reads the view ``place_passages``: the folder's place
    index (``geo.corpus.place_index``) when it has one, else the same rows computed
    from the raw tables (a folder written before the index existed; slower clicks).

    >>> CorpusView.open("/no/such/folder")
    Traceback (most recent call last):
    ...
    geo.corpus.errors.BatchError: /no/such/folder is not a batch output folder (no _batch.json)
    """

    def __init__(self, folder: OutputFolder, connection: duckdb.DuckDBPyConnection, *,
                 summary: CorpusSummary | None = None) -> None:
        self.folder = folder
        self._connection = connection
        self._lock = threading.Lock()
        self._summary = summary
        self._tables = False
        index = folder.path / PLACE_INDEX
        self.indexed = index.is_file()
        # The raw tables' views only when needed: no summary file, or no index to read.
        columns = set(summary.document_columns) if summary and self.indexed else self._open_tables()
        self.date_column = "date" if "date" in columns else None
        self.source_column = "source" if "source" in columns else None
        source = read_files_sql(index, "parquet") if self.indexed else f"({passages_by_place_sql(columns)})"
        connection.execute(f"CREATE VIEW place_passages AS SELECT * FROM {source}")
        places = folder.path / f"places.{folder.format}"
        # The places table already counts every place; only source and date filters need the index.
        # An empty places file (a corpus with no mapped place) has no columns to read.
        self.places_table = read_files_sql(places, folder.format) \
            if self.indexed and places.is_file() and places.stat().st_size > 0 else None

    @classmethod
    def open(cls, path: str | Path) -> CorpusView:
        """The view of the output folder ``path``; with its summary file and place index,
        opening reads neither the partitions nor their schemas (they come on first need)."""
        path = Path(path)
        if not (path / MANIFEST).is_file():
            raise BatchError(f"{path} is not a batch output folder (no {MANIFEST})")
        folder = OutputFolder(path, output_format=detect_format(path))
        return cls(folder, duckdb.connect(":memory:"), summary=read_summary(path))

    def close(self) -> None:
        self._connection.close()

    def _open_tables(self) -> set[str]:
        """Create the views ``mentions`` and ``documents`` (binding reads every partition's
        schema: a second or so for hundreds of partitions); returns the documents' columns."""
        # One view is shared by every reader's session: two first opens at once must not
        # both create the views, nor use the connection together.
        with self._lock:
            if not self._tables:
                connect_tables(self.folder, connection=self._connection)
                self._tables = True
            return document_columns(self._connection)

    # -- the corpus as a whole -------------------------------------------------------

    def summary(self) -> CorpusSummary:
        """Counts and the filters' choices; computed once (an output folder does not change
        under a view: a new run makes a new view)."""
        if self._summary is None:
            self._summary = self._compute_summary()
        return self._summary

    def _compute_summary(self) -> CorpusSummary:
        columns = self._open_tables()
        documents, errors = self._rows("SELECT count(*), count(*) FILTER (WHERE error <> '') FROM documents")[0]
        mentions = self._rows("SELECT count(*) FROM mentions")[0][0]
        places = self._rows("SELECT count(DISTINCT place_id) FROM place_passages")[0][0]
        first = last = None
        if self.date_column:
            first, last = self._rows(f"SELECT min({self._date()}), max({self._date()}) FROM documents")[0]
        types = [r[0] for r in self._rows(
            "SELECT DISTINCT feature_type FROM place_passages WHERE feature_type IS NOT NULL ORDER BY 1")]
        countries = [r[0] for r in self._rows(
            "SELECT DISTINCT country_code FROM place_passages WHERE country_code IS NOT NULL ORDER BY 1")]
        sources = []
        if self.source_column:
            sources = [r[0] for r in self._rows(
                f"SELECT DISTINCT {self.source_column} FROM documents WHERE {self.source_column} IS NOT NULL "
                "ORDER BY 1 LIMIT 500")]
        return CorpusSummary(documents, errors, mentions, places, self.date_column is not None,
                             self.source_column is not None, first, last, tuple(types), tuple(countries),
                             tuple(sources), tuple(sorted(columns)))

    def places(self, filters: CorpusFilters = CorpusFilters(), *, limit: int = 5000) -> list[dict[str, Any]]:
        """Places with the number of documents and of mentions naming them, most documents first."""
        if self.places_table and not (filters.sources or filters.date_from or filters.date_to):
            where, params = self._where(filters)
            return self._dicts(
                "SELECT place_id, name, feature_type, country_code, admin1, lat, lon, documents, mentions "
                f"FROM {self.places_table} WHERE {where} ORDER BY documents DESC, mentions DESC, name LIMIT ?",
                params + [limit])
        where, params = self._where(filters)
        sql = (
            "SELECT place_id, any_value(name) AS name, any_value(feature_type) AS feature_type, "
            "any_value(country_code) AS country_code, any_value(admin1) AS admin1, "
            "any_value(lat) AS lat, any_value(lon) AS lon, "
            "count(DISTINCT doc_id) AS documents, sum(mentions)::BIGINT AS mentions "
            f"FROM place_passages WHERE {where} "
            "GROUP BY place_id ORDER BY documents DESC, mentions DESC, name LIMIT ?"
        )
        return self._dicts(sql, params + [limit])

    # -- one place -------------------------------------------------------------------

    def place_passages(self, place_id: str, filters: CorpusFilters = CorpusFilters(), *,
                       page: int = 0, page_size: int = 20) -> tuple[int, list[dict[str, Any]]]:
        """The passages that mention ``place_id`` (newest first where dates exist), one page,
        and how many there are in all. A passage naming the place twice is listed once,
        with every mention's offsets in ``marks`` (relative to the passage)."""
        where, params = self._where(filters)
        where = f"place_id = ? AND {where}"
        params.insert(0, place_id)
        total = self._rows(f"SELECT count(*) FROM place_passages WHERE {where}", params)[0][0]
        rows = self._dicts(
            f"SELECT doc_id, passage_index, passage, marks, title, date, source FROM place_passages WHERE {where} "
            "ORDER BY date DESC NULLS LAST, doc_id, passage_index LIMIT ? OFFSET ?",
            params + [page_size, page * page_size])
        return total, rows

    def timeline(self, filters: CorpusFilters = CorpusFilters(), *, place_id: str | None = None,
                 country: str | None = None) -> list[dict[str, Any]]:
        """Mentions and documents per month, for one place, one country, or the whole corpus."""
        if not self.date_column:
            return []
        where, params = self._where(filters)
        if place_id:
            where = f"place_id = ? AND {where}"
            params.insert(0, place_id)
        if country:
            where += " AND country_code = ?"
            params.append(country)
        sql = ("SELECT date_trunc('month', date) AS month, sum(mentions)::BIGINT AS mentions, "
               f"count(DISTINCT doc_id) AS documents FROM place_passages "
               f"WHERE {where} AND date IS NOT NULL GROUP BY 1 ORDER BY 1")
        return self._dicts(sql, params)

    # -- one document ----------------------------------------------------------------

    def document(self, doc_id: str) -> dict[str, Any] | None:
        self._open_tables()
        rows = self._dicts("SELECT doc_id, title, text, error FROM documents WHERE doc_id = ? LIMIT 1", [doc_id])
        return rows[0] if rows else None

    def failed_documents(self, *, limit: int = 50) -> list[dict[str, Any]]:
        self._open_tables()
        return self._dicts("SELECT doc_id, origin, error FROM documents WHERE error <> '' ORDER BY doc_id LIMIT ?",
                           [limit])

    # -- pieces ----------------------------------------------------------------------

    def _date(self) -> str:
        return DATE_SQL.format(column=self.date_column)

    def _where(self, filters: CorpusFilters) -> tuple[str, list[Any]]:
        clauses = ["TRUE"]
        params: list[Any] = []
        for column, values in (("feature_type", filters.feature_types), ("country_code", filters.countries),
                               ("source", filters.sources if self.source_column else ())):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.date_column and filters.date_from:
            clauses.append("date >= ?")
            params.append(filters.date_from)
        if self.date_column and filters.date_to:
            clauses.append("date <= ?")
            params.append(filters.date_to)
        return " AND ".join(clauses), params

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, params or []).fetchall()

    def _dicts(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self._connection.execute(sql, params or [])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]


def finish_output(folder: OutputFolder, *, clock: PhaseClock | None = None) -> CorpusSummary:
    """What ends every run (and a resumed one): the place index, ``places`` from it, and
    the summary file the corpus view opens with; returns the summary. ``clock`` marks
    the end of the place index and of the rest."""
    write_place_index(folder)
    if clock is not None:
        clock.mark("place index")
    folder.write_places(places_table(folder))
    (folder.path / SUMMARY).unlink(missing_ok=True)
    view = CorpusView.open(folder.path)
    try:
        summary = view.summary()
    finally:
        view.close()
    record = {name: getattr(summary, name) for name in CorpusSummary.__slots__}
    for name in ("first_date", "last_date"):
        record[name] = record[name].isoformat() if record[name] else None
    temporary = folder.path / f"{TEMP_PREFIX}{SUMMARY}"
    temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(folder.path / SUMMARY)
    if clock is not None:
        clock.mark("places, summary")
    return summary


def read_summary(path: Path) -> CorpusSummary | None:
    """The summary file of the output folder ``path``; None when missing or unreadable
    (the view then computes it from the tables)."""
    try:
        record = json.loads((path / SUMMARY).read_text(encoding="utf-8"))
        for name in ("first_date", "last_date"):
            record[name] = date.fromisoformat(record[name]) if record[name] else None
        for name in ("feature_types", "countries", "sources", "document_columns"):
            record[name] = tuple(record[name])
        return CorpusSummary(**record)
    except (OSError, ValueError, TypeError, KeyError):
        return None
