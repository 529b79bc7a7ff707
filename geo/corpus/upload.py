"""A corpus uploaded in the dashboard: checked, kept, and run as a batch.

The Corpus page hands over the uploaded file's name and bytes; this module refuses
what cannot be a corpus (empty, binary, too many documents, no line with a text)
with one line and before anything is written, keeps the upload in the data folder's
``corpora/uploads/``, and runs ``python -m geo batch`` over it (in a process group of its
own, ``geo.corpus.batch_process``: time-limited, and ended with its workers when nobody
waits for it any more) into ``corpora/NAME-DIGEST/``. The same bytes uploaded again open
the finished run, or resume an unfinished one.
A bad line among good ones does not stop the run: it is a failed document, counted
in :attr:`UploadedRun.message`.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.corpus.batch_process import UPLOAD_TIME_LIMIT_S, BatchProcess, batch_command
from geo.corpus.errors import BatchError, CorpusSourceError
from geo.corpus.output import TEMP_PREFIX
from geo.corpus.sources import read_documents

UPLOAD_SUFFIXES = ("jsonl", "ndjson")
UPLOADS_FOLDER = "uploads"
# Bytes a text file never holds: a NUL among the first few kilobytes means binary.
_BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class UploadedRun:
    """An upload kept under ``corpora/uploads/`` (``source``) and the batch output folder
    it runs into (``folder``): how many documents it holds and how many cannot be read."""

    folder: Path
    documents: int
    failed: int
    first_error: str = ""
    source: Path | None = None

    def finished(self) -> bool:
        """The output is complete (its places table is written at the very end)."""
        return any(self.folder.glob("places.*"))

    def start(self, *, workers: int | None = None, time_limit_s: float = UPLOAD_TIME_LIMIT_S) -> BatchProcess:
        """Start the batch run (resuming what an ended one left); wait for it with
        :meth:`BatchProcess.wait`, which also ends it when the wait is given up."""
        if self.source is None:
            raise BatchError("this run has no uploaded file to start from")
        command = batch_command(self.source, self.folder, workers=workers, resume=self.folder.exists())
        return BatchProcess(command, log=self.source.with_suffix(".log"), time_limit_s=time_limit_s)

    def run(self, *, workers: int | None = None, time_limit_s: float = UPLOAD_TIME_LIMIT_S,
            on_tick: Callable[[str], None] | None = None) -> None:
        """Run the batch unless it has finished already; ``on_tick(progress line)`` is
        called while it runs. Raises ``BatchError`` when the run stops short."""
        if self.finished():
            return
        process = self.start(workers=workers, time_limit_s=time_limit_s)
        status = process.wait(on_tick=on_tick)
        if status not in (0, 1):       # 1: some documents failed, and they are rows of the output
            raise BatchError(process.error())

    def message(self) -> str | None:
        """One line for the user when some documents could not be read, else None.

        >>> UploadedRun(Path("x"), 5, 1, "line 3 is not valid JSON").message()
        '1 of 5 documents could not be read (line 3 is not valid JSON); the other 4 are in the corpus.'
        """
        if not self.failed:
            return None
        rest = self.documents - self.failed
        return (f"{self.failed:,} of {self.documents:,} documents could not be read ({self.first_error}); "
                f"the other {rest:,} {'is' if rest == 1 else 'are'} in the corpus.")


def run_upload(name: str, data: bytes, *, corpora: Path, max_documents: int, workers: int | None = None,
               time_limit_s: float = UPLOAD_TIME_LIMIT_S) -> UploadedRun:
    """Check the upload ``name`` (its bytes ``data``), keep it under ``corpora`` and run
    it to the end (at most ``time_limit_s``)."""
    uploaded = keep_upload(name, data, corpora=corpora, max_documents=max_documents)
    uploaded.run(workers=workers, time_limit_s=time_limit_s)
    return uploaded


def keep_upload(name: str, data: bytes, *, corpora: Path, max_documents: int) -> UploadedRun:
    """Check the upload ``name`` (its bytes ``data``) and keep it under ``corpora``; not run yet.

    >>> keep_upload("empty.jsonl", b"\\n", corpora=Path("/nowhere"), max_documents=10)
    Traceback (most recent call last):
    ...
    geo.corpus.errors.CorpusSourceError: empty.jsonl is empty: there is nothing to run.
    """
    lines = sum(1 for line in data.splitlines() if line.strip())
    if not lines:
        raise CorpusSourceError(f"{name} is empty: there is nothing to run.")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise CorpusSourceError(f"{name} is a binary file, not JSON lines "
                                '(one {"id": ..., "text": ...} object per line).')
    if lines > max_documents:
        raise CorpusSourceError(f"{name} holds {lines:,} documents; the dashboard runs up to "
                                f"{max_documents:,} (use python -m geo batch for more).")
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(name).stem)[:40] or "upload"
    source = corpora / UPLOADS_FOLDER / f"{stem}-{digest}.jsonl"
    source.parent.mkdir(parents=True, exist_ok=True)
    # Every session of the server shares its pid: each upload gets a name of its own.
    temporary = source.with_name(f"{TEMP_PREFIX}{source.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    temporary.write_bytes(data)
    documents = failed = 0
    first_error = ""
    for document in read_documents([temporary]):
        documents += 1
        if document.error:
            failed += 1
            first_error = first_error or document.error
    if documents == failed:
        temporary.unlink()
        raise CorpusSourceError(f"No line of {name} is a JSON object with a text ({first_error}); nothing was run.")
    os.replace(temporary, source)
    return UploadedRun(corpora / f"{stem}-{digest}", documents, failed, first_error, source)
