"""Heavy parses off the interactive path: a worker process per job, a bounded number at
once, with progress and cancel; and a parse-result cache bounded by bytes.

A 12 MB article keeps a core busy for tens of seconds and, while it is read, holds
hundreds of megabytes of tokens. Run in the server's own process it starves every
other reader's clicks (the GIL) and leaves its memory fragmented behind it. Here it
runs in a child process that exits when done: the server only ever holds the text
and the finished result, and gets all of the worker's memory back.

>>> cache = ResultCache(max_bytes=10_000)
>>> from geo.model import ParseResult
>>> cache.put("k", ParseResult("Kabul", (), (), (), ()))
>>> cache.get("k").text
'Kabul'
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gazetteer.errors import GazetteerError, PassageAtlasError
from geo.model import ParseResult

# Articles up to this many characters parse inline: about a news article or two, for
# which starting a process costs more than the parse. Longer ones go to the worker: a
# 200,000-character news text took seconds in the server's process, holding its GIL
# while other readers waited.
INLINE_MAX_CHARS = 50_000
# Bytes a parse result holds beyond its text, per mention and per passage (measured
# with tracemalloc on large articles, rounded up).
_BYTES_PER_MENTION = 400
_BYTES_PER_PASSAGE = 150
_BYTES_PER_PLACE = 1_500

# The worker yields the CPU to everything interactive (the server answering other
# readers, their browsers): a heavy article may take longer, nobody else waits for it.
WORKER_NICENESS = 10

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"


class JobCancelled(PassageAtlasError):
    """The reader cancelled the parse."""


def result_bytes(result: ParseResult) -> int:
    """An estimate of the memory ``result`` holds (its text at its real width).

    >>> result_bytes(ParseResult("a" * 1000, (), (), (), ())) >= 1000
    True
    """
    text = result.text
    width = 1 if text.isascii() else 4 if any(ord(c) > 0xFFFF for c in text[:100_000]) else 2
    mentions = sum(len(rp.mentions) for group in (result.places, result.unresolved, result.demonyms,
                                                    result.embedded) for rp in group)
    places = len(result.places) + len(result.unresolved) + len(result.demonyms) + len(result.embedded)
    return (len(text) * width + mentions * _BYTES_PER_MENTION + len(result.passages) * _BYTES_PER_PASSAGE
            + places * _BYTES_PER_PLACE)


class ResultCache:
    """Least-recently-used parse results, bounded by their estimated bytes, not their
    count: thirty-two sample articles fit where one 12 MB article may not. A result
    larger than the whole budget is not kept (it is parsed again when reopened).
    Thread-safe; shared by every session of the server."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[ParseResult, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, key: str) -> ParseResult | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: str, result: ParseResult) -> None:
        size = result_bytes(result)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes:
                return
            self._items[key] = (result, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, (_result, evicted) = self._items.popitem(last=False)
                self._bytes -= evicted

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


@dataclass(frozen=True, slots=True)
class JobStatus:
    """What a reader sees of a job: its state, how far it got, and in what stage."""

    state: str
    fraction: float
    label: str
    elapsed: float


class ParseJob:
    """One article parsed in a worker process. Created by :class:`JobRunner`."""

    def __init__(self, key: str, text: str, captions: Sequence[tuple[int, int]], gazetteer_path: Path,
                 slots: threading.Semaphore, on_finish: Callable[[ParseJob], None] | None = None) -> None:
        self.key = key
        self._on_finish = on_finish
        self._text = text
        self._captions = tuple(captions)
        self._gazetteer_path = Path(gazetteer_path)
        self._slots = slots
        self._state = QUEUED
        self._fraction = 0.0
        self._label = "Waiting for another article to finish"
        self._result: ParseResult | None = None
        self._error = ""
        self._gazetteer_failed = False
        self._process: multiprocessing.process.BaseProcess | None = None
        self._cancelled = threading.Event()
        self._readers: set[str] = set()   # who asked for this text: one reader's cancel stops only their wait
        self._finished = threading.Event()
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"parse-job-{key[:8]}", daemon=True)
        self._thread.start()

    # -- what callers use --------------------------------------------------------------

    def status(self) -> JobStatus:
        with self._lock:
            return JobStatus(self._state, self._fraction, self._label, time.monotonic() - self._started)

    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)

    def result(self, timeout: float | None = None) -> ParseResult:
        """The result; raises :class:`JobCancelled` or the worker's error as a
        :class:`PassageAtlasError` (with its message), TimeoutError when not done."""
        if not self._finished.wait(timeout):
            raise TimeoutError(f"the parse of {self.key[:8]} is still running")
        if self._state == CANCELLED:
            raise JobCancelled("Reading the article was cancelled.")
        if self._state == FAILED:
            # The page treats the place data's failures apart (it may rebuild the file).
            raise (GazetteerError if self._gazetteer_failed else PassageAtlasError)(self._error)
        assert self._result is not None
        return self._result

    def cancel(self, reader: str | None = None) -> bool:
        """Stop the job: a queued one never starts, a running one's process is ended.
        With ``reader``, only that reader stops waiting: the job is stopped when no
        other reader has asked for the same text. Returns whether it was stopped."""
        with self._lock:
            if reader is not None:
                self._readers.discard(reader)
                if self._readers:
                    return False
        self._cancelled.set()
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
        return True

    def add_reader(self, reader: str) -> None:
        with self._lock:
            self._readers.add(reader)

    # -- the job's own thread ----------------------------------------------------------

    def _set(self, **changes) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(self, f"_{name}", value)

    def _run(self) -> None:
        try:
            while not self._slots.acquire(timeout=0.2):
                if self._cancelled.is_set():
                    self._set(state=CANCELLED, label="Cancelled")
                    return
            try:
                if self._cancelled.is_set():
                    self._set(state=CANCELLED, label="Cancelled")
                    return
                self._run_worker()
            finally:
                self._slots.release()
        except Exception as exc:   # the thread must always finish the job
            self._set(state=FAILED, error=f"Reading the article failed: {exc}")
        finally:
            self._text = ""   # the job no longer needs it; the caller keeps its own
            if self._on_finish is not None:
                try:
                    self._on_finish(self)   # before anyone waiting hears it is done
                except Exception:  # noqa: BLE001 - the job must still finish
                    pass
            self._finished.set()

    def _run_worker(self) -> None:
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_work, args=(sender, self._text, self._captions, str(self._gazetteer_path)),
                                  name="passage-atlas-parse", daemon=True)
        self._set(state=RUNNING, label="Starting the reader", fraction=0.01)
        process.start()
        self._process = process
        sender.close()
        try:
            while True:
                if self._cancelled.is_set():
                    process.terminate()
                    self._set(state=CANCELLED, label="Cancelled")
                    return
                if not receiver.poll(0.2):
                    if not process.is_alive() and not receiver.poll(0):
                        self._set(state=FAILED, error="The reader stopped unexpectedly (out of memory?).")
                        return
                    continue
                try:
                    kind, *payload = receiver.recv()
                except EOFError:
                    if self._cancelled.is_set():
                        self._set(state=CANCELLED, label="Cancelled")
                    else:
                        self._set(state=FAILED, error="The reader stopped unexpectedly (out of memory?).")
                    return
                if kind == "progress":
                    self._set(fraction=payload[0], label=payload[1])
                elif kind == "done":
                    # The worker sends the result without its text: the text is here already.
                    self._set(result=dataclasses.replace(payload[0], text=self._text), state=DONE,
                              fraction=1.0, label="Done")
                    return
                else:
                    self._set(state=FAILED, error=payload[0], gazetteer_failed=bool(payload[1:] and payload[1]))
                    return
        finally:
            receiver.close()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)


def _work(sender, text: str, captions: tuple[tuple[int, int], ...], gazetteer_path: str) -> None:
    """The worker process: open the gazetteer read-only, parse, send the result back."""
    from gazetteer.store import Gazetteer
    from geo.pipeline import parse

    def progress(fraction: float, label: str) -> None:
        sender.send(("progress", fraction, label))

    try:
        os.nice(WORKER_NICENESS)
    except OSError:   # a platform without priorities: read at the same one
        pass
    _end_with_parent()
    try:
        progress(0.01, "Opening the gazetteer")
        gazetteer = Gazetteer.open(Path(gazetteer_path))
        result = parse(text, gazetteer, caption_spans=captions, progress=progress)
        sender.send(("done", dataclasses.replace(result, text="")))
    except PassageAtlasError as exc:
        sender.send(("error", str(exc), isinstance(exc, GazetteerError)))
    except MemoryError:
        sender.send(("error", "The article is too large to read in the memory this server has."))
    except (BrokenPipeError, EOFError):   # the server is gone: nobody to tell
        pass
    finally:
        try:
            sender.close()
        except OSError:
            pass


def _end_with_parent() -> None:
    """End this worker as soon as the server that started it is gone (killed, out of
    memory): otherwise it reads on, holding its memory, until its next progress message."""
    import multiprocessing.connection
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class JobRunner:
    """Starts parse jobs, at most ``max_workers`` processes at once; one job per text:
    asking again for a text being read returns the running job. Finished results go
    into ``cache``. Thread-safe; one per server."""

    def __init__(self, *, cache: ResultCache, max_workers: int = 1) -> None:
        self.cache = cache
        self._slots = threading.Semaphore(max_workers)
        self._jobs: dict[str, ParseJob] = {}
        self._lock = threading.Lock()

    def submit(self, key: str, text: str, captions: Sequence[tuple[int, int]], *, gazetteer_path: Path,
               reader: str = "") -> ParseJob:
        """The job reading ``text``: the running one if any, else a new one. ``reader``
        (a session) is counted, so that its cancel does not stop the job for another."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None or job.status().state not in (QUEUED, RUNNING):
                job = ParseJob(key, text, captions, gazetteer_path, self._slots, on_finish=self._finished)
                self._jobs[key] = job
            job.add_reader(reader)
        return job

    def running(self, key: str) -> ParseJob | None:
        with self._lock:
            job = self._jobs.get(key)
        return job if job is not None and not job.done() else None

    def _finished(self, job: ParseJob) -> None:
        if job._state == DONE and job._result is not None:
            self.cache.put(job.key, job._result)
        with self._lock:
            if self._jobs.get(job.key) is job:
                del self._jobs[job.key]
