"""The tables of a batch output: their Arrow schemas and how rows become tables.

``mentions`` rows are the records of ``geo.records`` with the document's id in front,
so the table says exactly what ``python -m geo parse --jsonl`` says. ``documents``
has fixed columns plus the documents' own metadata (``date``, ``source``, ...), as
text. ``places`` is built at the end from the two (see ``geo.corpus.output``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from geo.records import RECORD_FIELDS

_RECORD_TYPES = {
    "start": pa.int64(), "end": pa.int64(), "text": pa.string(), "kind": pa.string(),
    "passage_index": pa.int64(), "passage_start": pa.int64(), "passage": pa.string(),
    "place_id": pa.string(), "name": pa.string(), "feature_type": pa.string(),
    "country_code": pa.string(), "admin1": pa.string(), "lat": pa.float64(), "lon": pa.float64(),
    "score": pa.float64(), "confidence": pa.float64(), "corrected": pa.bool_(),
}
MENTIONS_SCHEMA = pa.schema([("doc_id", pa.string())] + [(name, _RECORD_TYPES[name]) for name in RECORD_FIELDS])

# The documents table's own columns; a metadata field with one of these names is
# stored as "meta_<name>" so it never overwrites them.
DOCUMENT_COLUMNS = {
    "doc_id": pa.string(), "origin": pa.string(), "title": pa.string(), "text": pa.string(),
    "words": pa.int64(), "mentions": pa.int64(), "places": pa.int64(),
    "focus_country": pa.string(), "focus": pa.string(), "error": pa.string(),
}
PLACES_COLUMNS = ("place_id", "name", "feature_type", "country_code", "admin1", "lat", "lon",
                  "documents", "mentions", "first_date", "last_date")


def metadata_column(key: str) -> str:
    """The documents-table column of a metadata field.

    >>> metadata_column("date"), metadata_column("text")
    ('date', 'meta_text')
    """
    return f"meta_{key}" if key in DOCUMENT_COLUMNS else key


def mentions_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    """Rows of ``doc_id`` plus a mention record, as a table of ``MENTIONS_SCHEMA``."""
    return pa.Table.from_pylist(list(rows), schema=MENTIONS_SCHEMA)


def documents_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    """Document rows; the fixed columns first, metadata columns (text) after, sorted."""
    extra = sorted({key for row in rows for key in row} - DOCUMENT_COLUMNS.keys())
    schema = pa.schema([(name, kind) for name, kind in DOCUMENT_COLUMNS.items()] + [(key, pa.string()) for key in extra])
    return pa.Table.from_pylist(list(rows), schema=schema)
