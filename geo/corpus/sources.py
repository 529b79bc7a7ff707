"""Documents of a corpus, read one at a time from JSONL, gzip JSONL, folders and Parquet.

Nothing is loaded whole: a reader yields one :class:`SourceDocument` after another,
so a corpus of any size streams through in bounded memory. A document that cannot
be used (a line that is not JSON, a missing text, a file too large) is still yielded,
with its ``error`` set, so it becomes a row of the ``documents`` table and the run
goes on. Text is decoded on the workers, not here (see ``geo.corpus.work``).
"""

from __future__ import annotations

import glob
import gzip
import json
import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazetteer.errors import InputError
from geo.corpus.errors import CorpusSourceError
from geo.inputs import ensure_regular_file
from geo.limits import Limits, current_limits

# Files of a folder that are articles; the suffix also tells the decoder the format.
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
# JSONL fields that are the document itself, not metadata.
_CONTENT_FIELDS = frozenset({"id", "text", "toponyms"})
_PARQUET_BATCH_ROWS = 512


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One document as read: its text (JSONL, Parquet) or its file's bytes (folders).

    ``metadata`` holds the other scalar fields (``date``, ``source``, ``url``,
    ``title``, ...) as text; ``error`` is non-empty when the document cannot be parsed.
    """

    doc_id: str
    origin: str                            # the input it came from, for the documents table
    text: str | None = None
    data: bytes | None = None
    filename: str = ""
    metadata: tuple[tuple[str, str], ...] = ()
    error: str = ""

    @property
    def size(self) -> int:
        """Rough size in bytes, to keep partitions bounded."""
        return len(self.data) if self.data is not None else len(self.text or "")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read the inputs; part of a run's identity (a resumed run must match)."""

    text_column: str = "text"
    id_column: str = "id"


def expand_inputs(patterns: Sequence[str]) -> list[Path]:
    """Files and folders named by ``patterns`` (globs allowed), in a stable order.

    >>> expand_inputs(["/no/such/*.jsonl"])
    Traceback (most recent call last):
    ...
    geo.corpus.errors.CorpusSourceError: No input matches /no/such/*.jsonl
    """
    paths: list[Path] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise CorpusSourceError(f"No input matches {pattern}")
            paths.extend(Path(m) for m in matches)
        else:
            path = Path(pattern)
            if not path.exists():
                raise CorpusSourceError(f"No such file or folder: {pattern}")
            paths.append(path)
    for path in paths:
        if not path.is_dir():
            try:   # a FIFO or a device could be waited on for ever, or never end
                ensure_regular_file(path)
            except InputError as exc:
                raise CorpusSourceError(str(exc)) from None
        if path.is_file() and _kind(path) is None:
            raise CorpusSourceError(
                f"{path}: not a corpus input (expected .jsonl, .jsonl.gz, .parquet or a folder of articles)")
    return paths


def read_documents(paths: Sequence[Path], *, options: ReadOptions = ReadOptions(),
                   limits: Limits | None = None) -> Iterator[SourceDocument]:
    """Every document of every input, in order."""
    limits = limits or current_limits()
    for path in paths:
        if path.is_dir():
            yield from _folder_documents(path, limits)
        elif _kind(path) == "parquet":
            yield from _parquet_documents(path, options)
        else:
            yield from _jsonl_documents(path, limits)


def count_documents(paths: Sequence[Path]) -> int:
    """How many documents the inputs hold (for the progress bar's ETA); reads no text
    it can avoid: Parquet's footer, a folder's listing, a JSONL file's line breaks."""
    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(1 for _ in _article_files(path))
        elif _kind(path) == "parquet":
            total += _parquet_file(path).metadata.num_rows
        else:
            with _open_jsonl(path) as handle:
                total += sum(1 for line, _whole in _lines(handle, _COUNT_CHUNK) if line.strip())
    return total


# Counting reads at most this much of a line (the rest is skipped, not held): a file of
# one endless line would otherwise fill the memory just to be counted.
_COUNT_CHUNK = 1 << 20


def _lines(handle, cap: int) -> Iterator[tuple[bytes, bool]]:
    """(line, whole) for each line, reading at most ``cap`` bytes of one; a longer
    line gives its first ``cap`` bytes with ``whole`` False, and the rest is skipped."""
    while True:
        line = handle.readline(cap)
        if not line:
            return
        if len(line) < cap or line.endswith(b"\n"):
            yield line, True
            continue
        while True:   # skip the rest of an overlong line without keeping it
            rest = handle.readline(1 << 20)
            if not rest or rest.endswith(b"\n"):
                break
        yield line, False


# -- JSONL --------------------------------------------------------------------------


def _jsonl_documents(path: Path, limits: Limits) -> Iterator[SourceDocument]:
    origin = str(path)
    with _open_jsonl(path) as handle:
        for number, (line, whole) in enumerate(_lines(handle, limits.max_input_bytes + 1025), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            if not whole or len(line) > limits.max_input_bytes + 1024:
                yield SourceDocument(where, origin, error=f"line {number} is over {limits.max_input_bytes + 1024:,} "
                                     f"bytes; the limit is {limits.max_input_bytes:,} (PASSAGE_ATLAS_MAX_INPUT_BYTES)")
                continue
            try:
                raw = json.loads(line)
            except UnicodeDecodeError as exc:
                yield SourceDocument(where, origin, error=f"line {number} is not UTF-8 (bad byte at {exc.start})")
                continue
            except json.JSONDecodeError as exc:
                yield SourceDocument(where, origin, error=f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            except RecursionError:
                yield SourceDocument(where, origin, error=f"line {number}: the JSON is nested too deeply to read")
                continue
            except ValueError as exc:   # an integer of more than 4,300 digits
                yield SourceDocument(where, origin, error=f"line {number} is not valid JSON ({exc})")
                continue
            if not isinstance(raw, dict):
                yield SourceDocument(where, origin, error=f"line {number} is a JSON {type(raw).__name__}, not an object")
                continue
            doc_id = _identifier(raw.get("id"), where)
            text = raw.get("text")
            metadata = _metadata(raw, _CONTENT_FIELDS)
            if not isinstance(text, str):
                yield SourceDocument(doc_id, origin, metadata=metadata,
                                     error=f"line {number} has no string 'text'")
                continue
            yield SourceDocument(doc_id, origin, text=text, metadata=metadata)


def _open_jsonl(path: Path):
    # Bytes, decoded per line: one line in a wrong encoding is that document's error.
    try:
        if path.name.endswith(".gz"):
            return gzip.open(path, "rb")
        return path.open("rb")
    except OSError as exc:
        raise CorpusSourceError(f"Cannot read {path}: {exc.strerror or exc}") from exc


# -- folders ------------------------------------------------------------------------


def _article_files(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in sorted(files):
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES and not name.startswith("."):
                yield Path(root) / name


def _folder_documents(folder: Path, limits: Limits) -> Iterator[SourceDocument]:
    origin = str(folder)
    for path in _article_files(folder):
        doc_id = path.relative_to(folder).as_posix()
        try:
            size = path.stat().st_size
            if size > limits.max_input_bytes:
                yield SourceDocument(doc_id, origin, filename=path.name, error=(
                    f"the file is {size:,} bytes; the limit is {limits.max_input_bytes:,} (PASSAGE_ATLAS_MAX_INPUT_BYTES)"))
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield SourceDocument(doc_id, origin, filename=path.name, error=f"cannot read the file: {exc.strerror or exc}")
            continue
        yield SourceDocument(doc_id, origin, data=data, filename=path.name)


# -- Parquet ------------------------------------------------------------------------


def _parquet_file(path: Path):
    import pyarrow.parquet as pq
    try:
        return pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise CorpusSourceError(f"{path} is not a readable Parquet file: {exc}") from exc


def _parquet_documents(path: Path, options: ReadOptions) -> Iterator[SourceDocument]:
    parquet = _parquet_file(path)
    columns = parquet.schema_arrow.names
    if options.text_column not in columns:
        raise CorpusSourceError(f"{path} has no column {options.text_column!r} (columns: {', '.join(columns)}); "
                                "name the text column with --text-column")
    origin = str(path)
    row = 0
    for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS):
        for raw in batch.to_pylist():
            row += 1
            where = f"{path.name}:{row}"
            doc_id = _identifier(raw.get(options.id_column), where)
            metadata = _metadata(raw, {options.text_column, options.id_column})
            text = raw.get(options.text_column)
            if isinstance(text, bytes):
                yield SourceDocument(doc_id, origin, data=text, metadata=metadata)
            elif isinstance(text, str):
                yield SourceDocument(doc_id, origin, text=text, metadata=metadata)
            else:
                yield SourceDocument(doc_id, origin, metadata=metadata,
                                     error=f"row {row} has no text in column {options.text_column!r}")


# -- pieces -------------------------------------------------------------------------


def _identifier(value: Any, fallback: str) -> str:
    if isinstance(value, bool) or value is None or (isinstance(value, float) and not math.isfinite(value)):
        return fallback
    if isinstance(value, (str, int, float)):
        return str(value)
    return fallback


def _metadata(raw: dict[str, Any], skip: frozenset[str] | set[str]) -> tuple[tuple[str, str], ...]:
    """Scalar fields as text; nested values (lists, objects) are not metadata."""
    items = []
    for key, value in raw.items():
        if key in skip or not isinstance(key, str) or value is None or isinstance(value, (list, dict)):
            continue
        if isinstance(value, str):
            items.append((key, value))
        elif isinstance(value, (bool, int, float)):
            items.append((key, json.dumps(value)))
        else:   # dates and times from Parquet
            items.append((key, value.isoformat() if hasattr(value, "isoformat") else str(value)))
    return tuple(items)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None
