"""A corpus uploaded in the dashboard: checked, kept, and run as a batch.

The Corpus page hands over the uploaded file's name and bytes; this module refuses
what cannot be a corpus (empty, binary, too many documents, no line with a text)
with one line and before anything is written, keeps the upload in the data folder's
``corpora/uploads/``, and runs ``python -m geo batch`` over it (in a process of its own) into
``corpora/NAME-DIGEST/``. The same bytes uploaded again open the finished run.
A bad line among good ones does not stop the run: it is a failed document, counted
in :attr:`UploadedRun.message`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from gazetteer.paths import PROJECT_ROOT
from geo.corpus.errors import BatchError, CorpusSourceError
from geo.corpus.output import TEMP_PREFIX
from geo.corpus.sources import read_documents

UPLOAD_SUFFIXES = ("jsonl", "ndjson")
UPLOADS_FOLDER = "uploads"
# Bytes a text file never holds: a NUL among the first few kilobytes means binary.
_BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class UploadedRun:
    """A finished batch run over an upload: where it is and how its documents fared."""

    folder: Path
    documents: int
    failed: int
    first_error: str = ""

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


def run_upload(name: str, data: bytes, *, corpora: Path, max_documents: int, workers: int | None = None) -> UploadedRun:
    """Check the upload ``name`` (its bytes ``data``), keep it under ``corpora`` and run it.

    >>> run_upload("empty.jsonl", b"\\n", corpora=Path("/nowhere"), max_documents=10)
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
    out = corpora / f"{stem}-{digest}"
    if not any(out.glob("places.*")):
        _run_batch_process(source, out, workers=workers)
    return UploadedRun(out, documents, failed, first_error)


def _run_batch_process(source: Path, out: Path, *, workers: int | None) -> None:
    """``python -m geo batch`` in a process of its own. Not in the caller's process: a
    Streamlit script runs as ``__main__``, and the cluster's spawned workers would
    re-run that script on start-up."""
    command = [sys.executable, "-m", "geo", "batch", str(source), "--out", str(out)]
    if out.exists():
        command.append("--resume")
    if workers:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, errors="replace", check=False)
    if done.returncode not in (0, 1):       # 1: some documents failed, and they are rows of the output
        lines = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
        reason = lines[-1][len("error: "):] if lines else f"the batch run stopped (exit status {done.returncode})"
        raise BatchError(reason)
