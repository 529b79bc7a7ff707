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
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from geo.corpus.output import TEMP_PREFIX, OutputFolder

PLACE_INDEX = "place_index.parquet"
# Kinds of mention that put a place on the corpus map: a name of the place itself
# (a demonym names a people, an organisation's name an organisation).
MAP_KINDS = ("toponym", "derived")
# Small row groups so a place's rows span few of them and the others are skipped;
# big enough that the statistics stay a small part of the file.
ROW_GROUP_ROWS = 4096
# DuckDB's memory while it builds the index (its buffers; it sorts one range of places
# at a time, see PLACE_RANGE_BYTES, so this bounds the driver whatever the corpus size).
BUILD_MEMORY_LIMIT = "128MB"
# The index is sorted one range of places at a time, each range holding about this much
# passage text: the driver's memory is a range's rows, not the corpus's (one sort of
# every mapped mention took 180 MB at 2,000 documents and 384 MB at 20,000). A single
# place named by more than this is one range of its own.
PLACE_RANGE_BYTES = 8_000_000
# Partitions are grouped into index rows a few at a time, up to this many mentions
# (about 1,300 documents of the bench's corpus, 4 MB once read): few DuckDB queries, a
# bounded batch each.
GROUP_BATCH_MENTIONS = 10_000
# What an index row costs beside its passage's text (ids, names, marks), for the ranges.
_ROW_OVERHEAD_BYTES = 200
# A document's date column is read as its first ten characters, ISO "YYYY-MM-DD".
DATE_SQL = "TRY_CAST(left(CAST({column} AS VARCHAR), 10) AS DATE)"


def read_sql(folder: OutputFolder, name: str) -> str:
    """A DuckDB table function reading table ``name`` of every partition of ``folder``."""
    return read_files_sql(folder.table_glob(name), folder.format)


def read_files_sql(pattern: str | Path | list[Path], output_format: str) -> str:
    """A DuckDB table function reading the files ``pattern`` (a path, a glob or a list
    of paths) names.

    >>> read_files_sql("/o'k/part-*/documents.parquet", "parquet")
    "read_parquet('/o''k/part-*/documents.parquet', union_by_name = true)"
    >>> read_files_sql([Path("/a.jsonl"), Path("/b.jsonl")], "jsonl")
    "read_json_auto(['/a.jsonl', '/b.jsonl'], format = 'newline_delimited', union_by_name = true)"
    """
    if isinstance(pattern, list):
        quoted = "[" + ", ".join("'" + str(path).replace("'", "''") + "'" for path in pattern) + "]"
    else:
        quoted = "'" + str(pattern).replace("'", "''") + "'"
    if output_format == "parquet":
        return f"read_parquet({quoted}, union_by_name = true)"
    return f"read_json_auto({quoted}, format = 'newline_delimited', union_by_name = true)"


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


def write_place_index(folder: OutputFolder, *, row_group_rows: int = ROW_GROUP_ROWS,
                      range_bytes: int = PLACE_RANGE_BYTES) -> Path:
    """Write ``folder``'s place index (under a temporary name, then renamed); returns its path.

    A document lies in one partition, so its (place, passage) rows are grouped partition
    by partition into a scratch file, with a tally of each place's bytes; then the rows
    are sorted one range of place ids at a time (each about ``range_bytes``) and
    appended in place-id order. Memory: one partition, one range, and one number per
    place, at any corpus size."""
    target = folder.path / PLACE_INDEX
    temporary = folder.path / f"{TEMP_PREFIX}{PLACE_INDEX}"
    grouped = folder.path / f"{TEMP_PREFIX}place-rows.parquet"
    spill = folder.path / f"{TEMP_PREFIX}duckdb-spill"
    # One thread and no file cache: DuckDB's memory is then the batch or range at hand.
    connection = duckdb.connect(":memory:", config={"memory_limit": BUILD_MEMORY_LIMIT, "threads": 1,
                                                    "enable_external_file_cache": False})
    try:
        connection.execute("SET temp_directory = ?", [str(spill)])
        place_bytes = _group_by_partition(folder, connection, grouped)
        ordered = ("SELECT * FROM {rows} WHERE place_id >= ? AND place_id <= ? "
                   "ORDER BY place_id, date DESC NULLS LAST, doc_id, passage_index")
        writer = None
        for first, last in place_ranges(place_bytes, range_bytes):
            rows = read_files_sql(grouped, "parquet")
            reader = connection.sql(ordered.format(rows=rows), params=[first, last]).to_arrow_reader(row_group_rows)
            for batch in reader:
                if writer is None:
                    writer = pq.ParquetWriter(temporary, batch.schema, compression="zstd")
                writer.write_batch(batch, row_group_size=row_group_rows)
        if writer is None:
            pq.write_table(_empty_index(folder), temporary, compression="zstd")
        else:
            writer.close()
    finally:
        connection.close()
        grouped.unlink(missing_ok=True)
        shutil.rmtree(spill, ignore_errors=True)
    temporary.replace(target)
    return target


def place_ranges(place_bytes: dict[str, int], range_bytes: int) -> list[tuple[str, str]]:
    """Consecutive ranges of place ids (first, last) of about ``range_bytes`` each, in order.

    >>> place_ranges({"gn:3": 5, "gn:1": 5, "gn:2": 5, "cc:FR": 20}, 10)
    [('cc:FR', 'cc:FR'), ('gn:1', 'gn:2'), ('gn:3', 'gn:3')]
    """
    ranges: list[tuple[str, str]] = []
    first = None
    size = 0
    previous = None
    for place_id in sorted(place_bytes):
        if first is not None and size + place_bytes[place_id] > range_bytes:
            ranges.append((first, previous))
            first, size = None, 0
        if first is None:
            first = place_id
        size += place_bytes[place_id]
        previous = place_id
    if first is not None:
        ranges.append((first, previous))
    return ranges


def _group_by_partition(folder: OutputFolder, connection: duckdb.DuckDBPyConnection,
                        grouped: Path) -> dict[str, int]:
    """Append the index rows (unsorted) of a few partitions at a time to ``grouped``;
    returns the bytes of index rows per place."""
    place_bytes: dict[str, int] = {}
    writer = None
    try:
        for batch in _partition_batches(folder):
            for name in ("mentions", "documents"):
                files = [partition / f"{name}.{folder.format}" for partition in batch]
                connection.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM "
                                   f"{read_files_sql(files, folder.format)}")
            table = connection.sql(passages_by_place_sql(document_columns(connection))).to_arrow_table()
            if not table.num_rows:
                continue
            table = _nulls_as_text(table)
            if writer is None:
                writer = pq.ParquetWriter(grouped, table.schema, compression="zstd")
            writer.write_table(table.cast(writer.schema))
            row_bytes = pc.add(pc.binary_length(table["passage"]), _ROW_OVERHEAD_BYTES)
            per_place = pa.table({"place_id": table["place_id"], "bytes": row_bytes}).group_by("place_id") \
                .aggregate([("bytes", "sum")])
            for place_id, size in zip(per_place["place_id"].to_pylist(), per_place["bytes_sum"].to_pylist()):
                place_bytes[place_id] = place_bytes.get(place_id, 0) + size
    finally:
        if writer is not None:
            writer.close()
    return place_bytes


def _nulls_as_text(table: pa.Table) -> pa.Table:
    """``table`` with its columns of no type as text: JSON lines give a column that is
    empty in every row of a batch (no admin-1 anywhere in it) the type null, and a later
    batch's names could not be cast to it."""
    fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
    return table.cast(pa.schema(fields)) if fields != list(table.schema) else table


def _partition_batches(folder: OutputFolder) -> Iterator[list[Path]]:
    """The partition folders in order, a few at a time (``GROUP_BATCH_MENTIONS``
    mentions): a document lies in one partition, so each batch groups alone."""
    batch: list[Path] = []
    size = 0
    for partition in sorted(p for p in folder.path.glob("part-*") if p.is_dir()):
        files = [partition / f"{name}.{folder.format}" for name in ("mentions", "documents")]
        if any(file.stat().st_size == 0 for file in files):
            continue            # a JSON lines file of no rows: nothing to map, no columns to read
        batch.append(partition)
        size += _rows(files[0], folder.format)
        if size >= GROUP_BATCH_MENTIONS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _rows(path: Path, output_format: str) -> int:
    """How many rows a table file holds (Parquet's footer says; JSON lines are counted)."""
    if output_format == "parquet":
        return pq.ParquetFile(path).metadata.num_rows
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _empty_index(folder: OutputFolder) -> pa.Table:
    """The index of a corpus that maps no place: its columns, no rows."""
    connection = connect_tables(folder)
    try:
        return connection.sql(f"{passages_by_place_sql(document_columns(connection))} LIMIT 0").to_arrow_table()
    finally:
        connection.close()


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
