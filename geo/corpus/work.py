"""What a Dask worker does: open the gazetteer once, then parse partition after partition.

:class:`GazetteerPlugin` is registered on every worker of the cluster (those that join
later too); its ``setup`` opens the read-only gazetteer once per worker process, and
every task of that worker reuses it. :func:`parse_partition` turns a partition's
documents into ``mentions`` and ``documents`` tables; a document that fails becomes a
documents row with its error, never a failed task. On a local cluster the worker
writes the partition itself (under a temporary name, then renamed, as the driver
would) and sends back only a :class:`PartitionSummary` of a few numbers: the tables
never cross to the driver, which then neither unpickles nor compresses them.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from gazetteer import open_gazetteer
from gazetteer.errors import PassageAtlasError
from gazetteer.store import Gazetteer
from geo.corpus.output import OutputFolder
from geo.corpus.partitions import Partition
from geo.corpus.sources import SourceDocument
from geo.corpus.tables import documents_table, mentions_table, metadata_column
from geo.corrections import Correction, apply_corrections
from geo.inputs import decode_bytes, decode_text
from geo.model import ParseResult
from geo.pipeline import parse
from geo.records import mention_records
from geo.workspace import text_hash

PLUGIN_NAME = "passage-atlas-gazetteer"


class GazetteerPlugin(WorkerPlugin):
    """Opens the gazetteer once on each worker; tasks find it with :func:`worker_gazetteer`.

    ``path`` None lets each worker open its own default (``$PASSAGE_ATLAS_DATA``), as
    on a cluster of machines; it is never built on a worker, only opened.
    ``corrections`` maps a text's hash to the user's corrections of that article.
    """

    name = PLUGIN_NAME

    def __init__(self, path: str | None = None,
                 corrections: Mapping[str, tuple[Correction, ...]] | None = None) -> None:
        self.path = path
        self.corrections = dict(corrections or {})
        self.gazetteer: Gazetteer | None = None
        self.opens = 0

    def setup(self, worker: Any) -> None:
        self.gazetteer = open_gazetteer(Path(self.path) if self.path else None, build_if_missing=False)
        self.opens += 1

    def teardown(self, worker: Any) -> None:
        if self.gazetteer is not None:
            self.gazetteer.close()
            self.gazetteer = None


def worker_plugin() -> GazetteerPlugin:
    return get_worker().plugins[PLUGIN_NAME]


@dataclass(frozen=True, slots=True)
class PartitionSummary:
    """What the driver keeps of a partition: a few numbers, whatever its size.
    ``peak_rss_mb`` and ``worker_cpu_seconds`` are the worker process's so far."""

    index: int
    documents_count: int
    errors: int
    words: int
    seconds: float
    peak_rss_mb: float
    worker_pid: int
    worker_cpu_seconds: float = 0.0     # start-up included


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """A parsed partition, ready to be written, and its summary."""

    mentions: pa.Table
    documents: pa.Table
    summary: PartitionSummary

    @property
    def index(self) -> int:
        return self.summary.index

    @property
    def documents_count(self) -> int:
        return self.summary.documents_count

    @property
    def errors(self) -> int:
        return self.summary.errors

    def tables(self) -> dict[str, pa.Table]:
        """The tables by name, as :meth:`OutputFolder.write_partition` takes them."""
        return {"mentions": self.mentions, "documents": self.documents}


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """Where a worker writes its partitions itself: an output folder it can reach."""

    path: str
    output_format: str = "parquet"


def parse_partition(partition: Partition, output: OutputTarget | None = None) -> PartitionResult | PartitionSummary:
    """The Dask task: parse every document of ``partition`` with the worker's gazetteer.

    With ``output`` the worker writes the partition there and returns its summary;
    without, it returns the tables for the driver to write (a cluster of machines
    that share no folder with the driver)."""
    plugin = worker_plugin()
    if plugin.gazetteer is None:
        raise PassageAtlasError("the worker's gazetteer is not open (the plugin's setup failed)")
    result = parse_documents(partition, plugin.gazetteer, corrections=plugin.corrections)
    if output is None:
        return result
    OutputFolder(Path(output.path), output_format=output.output_format).write_partition(result.index, result.tables())
    return result.summary


def parse_documents(partition: Partition, gazetteer: Gazetteer, *,
                    corrections: Mapping[str, tuple[Correction, ...]] = {}) -> PartitionResult:
    """Parse ``partition`` in this process (what a worker does, callable without Dask)."""
    started = time.perf_counter()
    mention_rows: list[dict[str, Any]] = []
    document_rows: list[dict[str, Any]] = []
    errors = words = 0
    for document in partition.documents:
        row, records = _parse_one(document, gazetteer, corrections)
        document_rows.append(row)
        errors += bool(row["error"])
        words += row["words"] or 0
        mention_rows.extend({"doc_id": document.doc_id, **record} for record in records)
    mentions, documents = mentions_table(mention_rows), documents_table(document_rows)
    return PartitionResult(mentions, documents, PartitionSummary(
        index=partition.index, documents_count=len(partition.documents), errors=errors, words=words,
        seconds=time.perf_counter() - started, peak_rss_mb=peak_rss_mb(), worker_pid=os.getpid(),
        worker_cpu_seconds=time.process_time(),
    ))


def document_text(document: SourceDocument) -> tuple[str, str]:
    """The text the engine parses, and its title, as ``parse --jsonl`` reads a JSON
    line's text (as it is) and ``parse FILE`` reads a file."""
    if document.data is not None:
        article = decode_bytes(document.data, filename=document.filename or None)
        return article.text, article.title
    text = document.text or ""
    if not text.strip():
        return text, ""
    # The text exactly as the line has it, as parse --jsonl hands it on: the engine
    # normalises for itself and maps every offset back onto it.
    return text, decode_text(text).title


def _parse_one(document: SourceDocument, gazetteer: Gazetteer,
               corrections: Mapping[str, tuple[Correction, ...]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    metadata = dict(document.metadata)
    row: dict[str, Any] = {
        "doc_id": document.doc_id, "origin": document.origin, "title": metadata.pop("title", None),
        "text": None, "words": None, "mentions": None, "places": None, "focus_country": None, "focus": None,
        "error": document.error,
    }
    row.update((metadata_column(key), value) for key, value in metadata.items())
    if document.error:
        return row, []
    try:
        text, title = document_text(document)
        result = parse(text, gazetteer)
        fixes = corrections.get(text_hash(text)) if corrections else None
        if fixes:
            result = apply_corrections(result, fixes, gazetteer.get)
        records = mention_records(result)
    except PassageAtlasError as exc:
        row["error"] = str(exc)
        return row, []
    except Exception as exc:  # noqa: BLE001 - one document's bug must not end a run of millions
        row["error"] = f"internal error ({type(exc).__name__}: {exc})"
        print(f"batch: document {document.doc_id!r} failed: {row['error']}", file=sys.stderr)
        return row, []
    row.update(title=row["title"] or title or None, text=text, words=len(text.split()), mentions=len(records),
               places=len(result.places), **_focus(result))
    return row, records


def _focus(result: ParseResult) -> dict[str, str | None]:
    return {"focus_country": result.focus.country_code or None, "focus": result.focus.summary()}


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
