"""A JSONL batch as the command line reads it: one ``{"id", "text"}`` object per line.

The batch contract: every line that cannot be used (not UTF-8, not JSON, ``NaN``,
nested too deeply, the wrong shape, over the size limits) is a :class:`BadLine`
whose message names the file and line number; nothing here raises a traceback's
worth of ``UnicodeDecodeError``, ``ValueError`` or ``RecursionError``. A caller
either checks the whole batch first and refuses it before writing anything, or
reports each bad line and goes on (``--skip-bad``).

Lines are read one at a time with a length cap, so a 50 MB line is refused without
being held, and a batch is never held whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazetteer.errors import InputError
from geo.inputs import check_size, ensure_regular_file
from geo.limits import Limits, current_limits

# A JSON string can spell one byte of text in six ("\u0000"); room for the id and spans.
_JSON_EXPANSION = 6
_LINE_OVERHEAD = 1_000_000
_READ_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class BatchDocument:
    """One usable line: ``text`` exactly as the line has it; ``spans`` with --given-spans."""

    line: int
    id: Any
    text: str
    spans: tuple[tuple[int, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that cannot be used; ``message`` is ``"<file>:<line>: <why>"``."""

    line: int
    message: str


def read_batch(path: str | Path, *, given_spans: bool = False,
               limits: Limits | None = None) -> Iterator[BatchDocument | BadLine]:
    """Each non-blank line of ``path`` as a document or a bad line, in order.

    A file that cannot be read at all (missing, a folder, a FIFO) raises
    :class:`InputError` before the first line.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "b.jsonl")
    >>> _ = open(path, "w").write('{"id": 1, "text": "Kabul."}\\n{"id": NaN, "text": "x"}\\n')
    >>> [type(item).__name__ for item in read_batch(path)]
    ['BatchDocument', 'BadLine']
    """
    limits = limits or current_limits()
    path = Path(path)
    ensure_regular_file(path)
    max_line = limits.max_input_bytes * _JSON_EXPANSION + _LINE_OVERHEAD
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    with handle:
        number = 0
        while True:
            raw = handle.readline(max_line + 1)
            if not raw:
                return
            number += 1
            where = f"{path}:{number}"
            if len(raw) > max_line and not raw.endswith(b"\n"):
                _skip_rest_of_line(handle)
                yield BadLine(number, f"{where}: the line is over {max_line:,} bytes; the article limit is "
                                      f"{limits.max_input_bytes:,} bytes (PASSAGE_ATLAS_MAX_INPUT_BYTES)")
                continue
            if not raw.strip():
                continue
            try:
                yield _document(raw, number, where, given_spans=given_spans, limits=limits)
            except InputError as exc:
                yield BadLine(number, str(exc))


def first_bad_line(path: str | Path, *, given_spans: bool = False, limits: Limits | None = None) -> BadLine | None:
    """The first bad line of the batch, or None when every line can be used."""
    for item in read_batch(path, given_spans=given_spans, limits=limits):
        if isinstance(item, BadLine):
            return item
    return None


def _skip_rest_of_line(handle) -> None:
    while True:
        chunk = handle.readline(_READ_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _refuse_constant(name: str) -> Any:
    raise InputError(f"{name} is not valid JSON (use null or a number)")


def _document(raw: bytes, number: int, where: str, *, given_spans: bool, limits: Limits) -> BatchDocument:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})") from None
    if given_spans and line.count('"start"') > limits.max_mentions:
        # Counted before decoding: 3,000,000 toponyms decode to most of a gigabyte.
        raise InputError(f"{where}: more than {limits.max_mentions:,} toponyms; the limit is "
                         f"{limits.max_mentions:,} mentions per article (PASSAGE_ATLAS_MAX_MENTIONS)")
    try:
        doc = json.loads(line, parse_constant=_refuse_constant)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: the JSON is nested too deeply to read") from None
    except ValueError as exc:   # an integer of more than 4,300 digits
        raise InputError(f"{where}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(doc).__name__}")
    text = doc.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: each line needs a string 'text'")
    doc_id = doc.get("id", number)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{where}: 'text' holds a lone surrogate (\\u{ord(text[exc.start]):04x}), "
                         "which is not text") from None
    _check_id_writable(doc_id, where)
    try:
        check_size(len(text) if text.isascii() else len(text.encode("utf-8")), limits)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    spans = _given_spans(doc, where, limits) if given_spans else None
    return BatchDocument(number, doc_id, text, spans)


def _check_id_writable(doc_id: Any, where: str) -> None:
    """Refuse, before anything is written, an id the output could not hold: 1e400 reads
    as infinity, and a lone surrogate anywhere inside a list or object id is no text."""
    try:
        json.dumps(doc_id, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError, RecursionError) as exc:
        raise InputError(f"{where}: the 'id' cannot be written back as JSON ({str(exc).splitlines()[0]:.80})") from None


def _given_spans(doc: dict, where: str, limits: Limits) -> tuple[tuple[int, int], ...]:
    toponyms = doc.get("toponyms") or []
    if not isinstance(toponyms, list):
        raise InputError(f"{where}: 'toponyms' must be a list of {{\"start\", \"end\"}} objects")
    if len(toponyms) > limits.max_mentions:
        raise InputError(f"{where}: {len(toponyms):,} toponyms; the limit is {limits.max_mentions:,} "
                         "mentions per article (PASSAGE_ATLAS_MAX_MENTIONS)")
    spans = []
    for position, item in enumerate(toponyms, start=1):
        start = item.get("start") if isinstance(item, dict) else None
        end = item.get("end") if isinstance(item, dict) else None
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise InputError(f"{where}: toponym {position} needs whole-number 'start' and 'end', got {item!r:.80}")
        spans.append((start, end))
    return tuple(spans)
