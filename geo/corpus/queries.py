"""What the corpus view asks of a batch output folder, answered by DuckDB over its files.

Nothing is loaded whole: DuckDB reads the Parquet (or JSONL) partitions where they lie,
so a corpus of a million mentions opens in well under two seconds and a place's
passages come back in milliseconds (``bench/batch_bench.py --queries`` measures it).
Every value from a user reaches SQL as a parameter, never pasted into the text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from geo.corpus.errors import BatchError
from geo.corpus.output import MANIFEST, OutputFolder

# Kinds of mention that put a place on the corpus map: a name of the place itself
# (a demonym names a people, an organisation's name an organisation).
MAP_KINDS = ("toponym", "derived")
# A document's date column is read as its first ten characters, ISO "YYYY-MM-DD".
_DATE = "TRY_CAST(left(CAST({column} AS VARCHAR), 10) AS DATE)"


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


def _read(folder: OutputFolder, name: str) -> str:
    pattern = folder.table_glob(name).replace("'", "''")
    if folder.format == "parquet":
        return f"read_parquet('{pattern}', union_by_name = true)"
    return f"read_json_auto('{pattern}', format = 'newline_delimited', union_by_name = true)"


def detect_format(path: Path) -> str:
    """``parquet`` or ``jsonl``, from the partitions' files."""
    for candidate in ("parquet", "jsonl"):
        if any(path.glob(f"part-*/documents.{candidate}")):
            return candidate
    raise BatchError(f"{path} holds no finished partition of a batch run")


class CorpusView:
    """Read-only questions over one batch output folder.

    >>> CorpusView.open("/no/such/folder")
    Traceback (most recent call last):
    ...
    geo.corpus.errors.BatchError: /no/such/folder is not a batch output folder (no _batch.json)
    """

    def __init__(self, folder: OutputFolder, connection: duckdb.DuckDBPyConnection) -> None:
        self.folder = folder
        self._connection = connection
        self._lock = threading.Lock()
        columns = {row[0] for row in self._rows("DESCRIBE documents")}
        self.date_column = "date" if "date" in columns else None
        self.source_column = "source" if "source" in columns else None
        self.title_column = "title"

    @classmethod
    def open(cls, path: str | Path) -> CorpusView:
        path = Path(path)
        if not (path / MANIFEST).is_file():
            raise BatchError(f"{path} is not a batch output folder (no {MANIFEST})")
        folder = OutputFolder(path, output_format=detect_format(path))
        connection = duckdb.connect(":memory:")
        connection.execute(f"CREATE VIEW mentions AS SELECT * FROM {_read(folder, 'mentions')}")
        connection.execute(f"CREATE VIEW documents AS SELECT * FROM {_read(folder, 'documents')}")
        return cls(folder, connection)

    def close(self) -> None:
        self._connection.close()

    # -- the corpus as a whole -------------------------------------------------------

    def summary(self) -> CorpusSummary:
        documents, errors = self._rows("SELECT count(*), count(*) FILTER (WHERE error <> '') FROM documents")[0]
        mentions = self._rows("SELECT count(*) FROM mentions")[0][0]
        kinds = self._kinds_clause()
        places = self._rows(f"SELECT count(DISTINCT place_id) FROM mentions WHERE {kinds}", list(MAP_KINDS))[0][0]
        first = last = None
        if self.date_column:
            first, last = self._rows(f"SELECT min({self._date()}), max({self._date()}) FROM documents")[0]
        types = [r[0] for r in self._rows(
            f"SELECT DISTINCT feature_type FROM mentions WHERE {kinds} AND feature_type IS NOT NULL ORDER BY 1",
            list(MAP_KINDS))]
        countries = [r[0] for r in self._rows(
            f"SELECT DISTINCT country_code FROM mentions WHERE {kinds} AND country_code IS NOT NULL ORDER BY 1",
            list(MAP_KINDS))]
        sources = []
        if self.source_column:
            sources = [r[0] for r in self._rows(
                f"SELECT DISTINCT {self.source_column} FROM documents WHERE {self.source_column} IS NOT NULL "
                "ORDER BY 1 LIMIT 500")]
        return CorpusSummary(documents, errors, mentions, places, self.date_column is not None,
                             self.source_column is not None, first, last, tuple(types), tuple(countries),
                             tuple(sources))

    def places(self, filters: CorpusFilters = CorpusFilters(), *, limit: int = 5000) -> list[dict[str, Any]]:
        """Places with the number of documents and of mentions naming them, most documents first."""
        where, params = self._where(filters)
        sql = (
            "SELECT m.place_id, any_value(m.name) AS name, any_value(m.feature_type) AS feature_type, "
            "any_value(m.country_code) AS country_code, any_value(m.admin1) AS admin1, "
            "any_value(m.lat) AS lat, any_value(m.lon) AS lon, "
            "count(DISTINCT m.doc_id) AS documents, count(*) AS mentions "
            f"FROM mentions m {self._join(filters)} WHERE {where} "
            "GROUP BY m.place_id ORDER BY documents DESC, mentions DESC, name LIMIT ?"
        )
        return self._dicts(sql, params + [limit])

    # -- one place -------------------------------------------------------------------

    def place_passages(self, place_id: str, filters: CorpusFilters = CorpusFilters(), *,
                       page: int = 0, page_size: int = 20) -> tuple[int, list[dict[str, Any]]]:
        """The passages that mention ``place_id`` (newest first where dates exist), one page,
        and how many there are in all. A passage naming the place twice is listed once,
        with every mention's offsets in ``marks`` (relative to the passage)."""
        where, params = self._where(filters)
        where += " AND m.place_id = ?"
        params.append(place_id)
        date_expr = self._date("d.") if self.date_column else "NULL"
        source_expr = f"d.{self.source_column}" if self.source_column else "NULL"
        grouped = (
            f"SELECT m.doc_id, m.passage_index, any_value(m.passage) AS passage, "
            f"list(struct_pack(s := m.start - m.passage_start, e := m.\"end\" - m.passage_start) "
            f"ORDER BY m.start) AS marks, any_value(d.title) AS title, any_value({date_expr}) AS date, "
            f"any_value({source_expr}) AS source "
            f"FROM mentions m JOIN documents d USING (doc_id) WHERE {where} "
            "GROUP BY m.doc_id, m.passage_index"
        )
        total = self._rows(f"SELECT count(*) FROM ({grouped})", params)[0][0]
        rows = self._dicts(f"SELECT * FROM ({grouped}) ORDER BY date DESC NULLS LAST, doc_id, passage_index "
                           "LIMIT ? OFFSET ?", params + [page_size, page * page_size])
        return total, rows

    def timeline(self, filters: CorpusFilters = CorpusFilters(), *, place_id: str | None = None,
                 country: str | None = None) -> list[dict[str, Any]]:
        """Mentions and documents per month, for one place, one country, or the whole corpus."""
        if not self.date_column:
            return []
        where, params = self._where(filters)
        if place_id:
            where += " AND m.place_id = ?"
            params.append(place_id)
        if country:
            where += " AND m.country_code = ?"
            params.append(country)
        sql = (f"SELECT date_trunc('month', {self._date('d.')}) AS month, count(*) AS mentions, "
               f"count(DISTINCT m.doc_id) AS documents FROM mentions m JOIN documents d USING (doc_id) "
               f"WHERE {where} AND {self._date('d.')} IS NOT NULL GROUP BY 1 ORDER BY 1")
        return self._dicts(sql, params)

    # -- one document ----------------------------------------------------------------

    def document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self._dicts("SELECT doc_id, title, text, error FROM documents WHERE doc_id = ? LIMIT 1", [doc_id])
        return rows[0] if rows else None

    def failed_documents(self, *, limit: int = 50) -> list[dict[str, Any]]:
        return self._dicts("SELECT doc_id, origin, error FROM documents WHERE error <> '' ORDER BY doc_id LIMIT ?",
                           [limit])

    # -- pieces ----------------------------------------------------------------------

    def _kinds_clause(self, alias: str = "") -> str:
        return f"{alias}kind IN ({', '.join('?' for _ in MAP_KINDS)}) AND {alias}place_id IS NOT NULL"

    def _date(self, alias: str = "") -> str:
        return _DATE.format(column=f"{alias}{self.date_column}")

    def _join(self, filters: CorpusFilters) -> str:
        needs_documents = filters.sources or filters.date_from or filters.date_to
        return "JOIN documents d USING (doc_id)" if needs_documents else ""

    def _where(self, filters: CorpusFilters) -> tuple[str, list[Any]]:
        clauses = [self._kinds_clause("m.")]
        params: list[Any] = list(MAP_KINDS)
        for column, values in (("m.feature_type", filters.feature_types), ("m.country_code", filters.countries)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if filters.sources and self.source_column:
            clauses.append(f"d.{self.source_column} IN ({', '.join('?' for _ in filters.sources)})")
            params.extend(filters.sources)
        if self.date_column and filters.date_from:
            clauses.append(f"{self._date('d.')} >= ?")
            params.append(filters.date_from)
        if self.date_column and filters.date_to:
            clauses.append(f"{self._date('d.')} <= ?")
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


def places_table(folder: OutputFolder) -> pa.Table:
    """The ``places`` table: one row per place of the corpus map, with its number of
    documents and mentions, and its first and last date where documents have dates."""
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(f"CREATE VIEW mentions AS SELECT * FROM {_read(folder, 'mentions')}")
        connection.execute(f"CREATE VIEW documents AS SELECT * FROM {_read(folder, 'documents')}")
        columns = {row[0] for row in connection.execute("DESCRIBE documents").fetchall()}
        dates = _DATE.format(column="d.date") if "date" in columns else "NULL::DATE"
        kinds = ", ".join("?" for _ in MAP_KINDS)
        sql = (
            "SELECT m.place_id, any_value(m.name) AS name, any_value(m.feature_type) AS feature_type, "
            "any_value(m.country_code) AS country_code, any_value(m.admin1) AS admin1, "
            "any_value(m.lat) AS lat, any_value(m.lon) AS lon, count(DISTINCT m.doc_id) AS documents, "
            f"count(*) AS mentions, CAST(min({dates}) AS VARCHAR) AS first_date, "
            f"CAST(max({dates}) AS VARCHAR) AS last_date "
            f"FROM mentions m JOIN documents d USING (doc_id) WHERE m.kind IN ({kinds}) AND m.place_id IS NOT NULL "
            "GROUP BY m.place_id ORDER BY documents DESC, mentions DESC, m.place_id"
        )
        return connection.sql(sql, params=list(MAP_KINDS)).to_arrow_table()
    finally:
        connection.close()


def totals(folder: OutputFolder) -> tuple[int, int, int]:
    """Documents, mentions and failed documents in the whole output folder."""
    connection = duckdb.connect(":memory:")
    try:
        documents, errors = connection.execute(
            f"SELECT count(*), count(*) FILTER (WHERE error <> '') FROM {_read(folder, 'documents')}").fetchone()
        mentions = connection.execute(f"SELECT count(*) FROM {_read(folder, 'mentions')}").fetchone()[0]
        return documents, mentions, errors
    finally:
        connection.close()
