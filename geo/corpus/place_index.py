"""The place index of a batch output: every passage that names a place, sorted by place.

A click on the corpus map asks for one place's passages. Over the raw tables that
means grouping every mention of the corpus and joining the documents for their
titles and dates, on every click. The index does that once, at the end of a run:
one row per (place, document, passage) with the passage, the marks of the place's
names in it, the document's title, date and source, and the place's own columns,
written sorted by place id in small row groups. A click then reads only the row
groups whose place-id range holds its place (Parquet's min/max statistics), and
the map's filters by source and date need no join.

Written as Parquet whatever ``--format`` the tables have: it is the dashboard's
accelerator, not one of the documented tables (``places`` and the counts are
derived from it, so they always agree).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from geo.corpus.output import TEMP_PREFIX, OutputFolder

PLACE_INDEX = "place_index.parquet"
# Kinds of mention that put a place on the corpus map: a name of the place itself
# (a demonym names a people, an organisation's name an organisation).
MAP_KINDS = ("toponym", "derived")
# Small row groups so a place's rows span few of them and the others are skipped;
# big enough that the statistics stay a small part of the file.
ROW_GROUP_ROWS = 4096
# The index is one sort of every mapped mention: bounded, spilling to disk beyond.
BUILD_MEMORY_LIMIT = "1GB"
# A document's date column is read as its first ten characters, ISO "YYYY-MM-DD".
DATE_SQL = "TRY_CAST(left(CAST({column} AS VARCHAR), 10) AS DATE)"


def read_sql(folder: OutputFolder, name: str) -> str:
    """A DuckDB table function reading table ``name`` of every partition of ``folder``."""
    return read_files_sql(folder.table_glob(name), folder.format)


def read_files_sql(pattern: str | Path, output_format: str) -> str:
    """A DuckDB table function reading the files ``pattern`` (a path or glob) names.

    >>> read_files_sql("/o'k/part-*/documents.parquet", "parquet")
    "read_parquet('/o''k/part-*/documents.parquet', union_by_name = true)"
    """
    quoted = str(pattern).replace("'", "''")
    if output_format == "parquet":
        return f"read_parquet('{quoted}', union_by_name = true)"
    return f"read_json_auto('{quoted}', format = 'newline_delimited', union_by_name = true)"


def passages_by_place_sql(document_columns: set[str]) -> str:
    """The index's rows, from the views ``mentions`` and ``documents``; the same query
    serves a folder without an index file."""
    date = DATE_SQL.format(column="d.date") if "date" in document_columns else "NULL::DATE"
    source = "CAST(d.source AS VARCHAR)" if "source" in document_columns else "NULL::VARCHAR"
    kinds = ", ".join(f"'{kind}'" for kind in MAP_KINDS)     # this module's constants, not user input
    return (
        "SELECT m.place_id, any_value(m.name) AS name, any_value(m.feature_type) AS feature_type, "
        "any_value(m.country_code) AS country_code, any_value(m.admin1) AS admin1, "
        "any_value(m.lat) AS lat, any_value(m.lon) AS lon, m.doc_id, m.passage_index, "
        "any_value(m.passage) AS passage, "
        "list(struct_pack(s := m.start - m.passage_start, e := m.\"end\" - m.passage_start) ORDER BY m.start) "
        "AS marks, count(*) AS mentions, any_value(d.title) AS title, "
        f"any_value({date}) AS date, any_value({source}) AS source "
        f"FROM mentions m JOIN documents d USING (doc_id) WHERE m.kind IN ({kinds}) AND m.place_id IS NOT NULL "
        "GROUP BY m.place_id, m.doc_id, m.passage_index"
    )


def connect_tables(folder: OutputFolder, *, memory_limit: str | None = None,
                   connection: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB (``connection``, or a new in-memory one) with the views ``mentions`` and
    ``documents`` over ``folder``."""
    if connection is None:
        connection = duckdb.connect(":memory:", config={"memory_limit": memory_limit} if memory_limit else {})
    connection.execute(f"CREATE VIEW mentions AS SELECT * FROM {read_sql(folder, 'mentions')}")
    connection.execute(f"CREATE VIEW documents AS SELECT * FROM {read_sql(folder, 'documents')}")
    return connection


def document_columns(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute("DESCRIBE documents").fetchall()}


def write_place_index(folder: OutputFolder, *, row_group_rows: int = ROW_GROUP_ROWS) -> Path:
    """Write ``folder``'s place index (under a temporary name, then renamed); returns its path."""
    target = folder.path / PLACE_INDEX
    temporary = folder.path / f"{TEMP_PREFIX}{PLACE_INDEX}"
    spill = folder.path / f"{TEMP_PREFIX}duckdb-spill"
    connection = connect_tables(folder, memory_limit=BUILD_MEMORY_LIMIT)
    try:
        connection.execute("SET temp_directory = ?", [str(spill)])
        sql = passages_by_place_sql(document_columns(connection))
        ordered = f"{sql} ORDER BY m.place_id, date DESC NULLS LAST, m.doc_id, m.passage_index"
        # Streamed batch by batch, one row group each: the driver never holds the index.
        reader = connection.sql(ordered).to_arrow_reader(row_group_rows)
        with pq.ParquetWriter(temporary, reader.schema, compression="zstd") as writer:
            for batch in reader:
                writer.write_batch(batch, row_group_size=row_group_rows)
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)
    temporary.replace(target)
    return target


def places_table(folder: OutputFolder) -> pa.Table:
    """The ``places`` table, from the place index: one row per place of the corpus map,
    with its number of documents and mentions, and its first and last date where
    documents have dates."""
    connection = duckdb.connect(":memory:")
    try:
        return connection.sql(
            "SELECT place_id, any_value(name) AS name, any_value(feature_type) AS feature_type, "
            "any_value(country_code) AS country_code, any_value(admin1) AS admin1, any_value(lat) AS lat, "
            "any_value(lon) AS lon, count(DISTINCT doc_id) AS documents, sum(mentions)::BIGINT AS mentions, "
            "CAST(min(date) AS VARCHAR) AS first_date, CAST(max(date) AS VARCHAR) AS last_date "
            f"FROM {read_files_sql(folder.path / PLACE_INDEX, 'parquet')} "
            "GROUP BY place_id ORDER BY documents DESC, mentions DESC, place_id"
        ).to_arrow_table()
    finally:
        connection.close()
