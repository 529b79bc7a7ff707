"""The driver of a batch run: start (or join) a Dask cluster, stream partitions to it,
write each finished partition, and sum up.

The driver reads the inputs one partition at a time and keeps at most a few
partitions per worker in flight, so neither it nor a worker ever holds the corpus.
On a local cluster each worker writes the partitions it parses and sends back a few
numbers (:class:`PartitionSummary`); the driver, which also hosts the scheduler,
then only reads, dispatches and counts. On an existing cluster (``--scheduler``)
workers send back the Arrow tables and the driver writes, so workers on other
machines need no shared folder for the output (they need the code and the gazetteer).

What the driver keeps over a run is bounded by the partitions in flight, never by the
corpus: the futures in flight (at most ``IN_FLIGHT_PER_WORKER`` per worker), a tally
of sums and one CPU figure per worker process (:class:`RunTally`). The place index at
the end is built a few partitions and one range of places at a time
(``geo.corpus.place_index``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import dask
from distributed import Client, LocalCluster, as_completed

from gazetteer import open_gazetteer
from geo.corpus.errors import BatchError
from geo.corpus.output import OutputFolder
from geo.corpus.partitions import (
    DEFAULT_PARTITION_BYTES, DEFAULT_PARTITION_DOCUMENTS, TAIL_MIN_DOCUMENTS, TAIL_SHARE, partitions,
)
from geo.corpus.phases import PhaseClock, PhaseMark
from geo.corpus.progress import BatchSummary, ProgressBar
from geo.corpus.queries import finish_output
from geo.corpus.sources import ReadOptions, count_documents, expand_inputs, read_documents
from geo.corpus.work import (
    GazetteerPlugin, OutputTarget, PartitionResult, PartitionSummary, parse_partition, peak_rss_mb,
)

# Partitions in flight per worker: one being parsed, one waiting, so a worker never idles.
IN_FLIGHT_PER_WORKER = 2
# Dask's statistical profiler samples each worker's stack every 10 ms; on a pure-Python
# task that costs about 6-9 % of the worker's CPU (measured with the task's process time
# on 1 worker, profiler on and off), for a dashboard nobody looks at during a batch.
# Likewise the system monitor (CPU and memory samples for the dashboard, every 0.5 s)
# and the memory monitor (every 0.1 s) wake the event loop, which takes the GIL from the
# parsing thread: sampled every 10 s and 5 s, a worker spent 0.7-1.6 ms less CPU per
# document (of about 11; 1,500 documents, 1 worker, two runs each way, machine loaded)
# and the driver 0.4-0.8 ms less. Partitions are small (a worker peaks near 200 MB), so a
# memory limit noticed 5 s late still holds.
# Every server (the scheduler, each nanny, each worker) also wakes every 20 ms to
# measure how responsive its event loop is (a warning nobody reads during a batch), and
# the scheduler every 100 ms to consider moving queued tasks between workers: a tick of
# 1 s and no work stealing cut the driver's CPU per document by 40-55 % (0.5-0.8 ms
# against 1.1-1.3 in bench/batch_bench.py, 6,000 documents, before and after in turn)
# and, in a first trial (2,000 documents, two interleaved runs each way), the workers'
# by 11-14 %, which the bench's runs on a heavily loaded machine could not tell from
# noise. On 2 cores the driver's CPU is taken from the workers. Without stealing, a task waits
# on the scheduler until a worker is free (a saturation of 1.0: one task per thread)
# rather than queued behind another on a busy worker, where an idle one could not take it.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 "distributed.admin.system-monitor.interval": "10s",
                 "distributed.worker.memory.monitor-interval": "5s",
                 "distributed.admin.tick.interval": "1s",
                 "distributed.scheduler.work-stealing": False,
                 "distributed.scheduler.worker-saturation": 1.0}


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Everything a run needs; see ``python -m geo batch --help`` for each option."""

    inputs: tuple[str, ...]
    output: Path
    output_format: str = "parquet"
    workers: int | None = None              # None: one per core (LocalCluster only)
    scheduler: str | None = None            # tcp://HOST:PORT of an existing cluster
    resume: bool = False
    apply_corrections: bool = False
    read: ReadOptions = field(default_factory=ReadOptions)
    partition_documents: int = DEFAULT_PARTITION_DOCUMENTS
    partition_bytes: int = DEFAULT_PARTITION_BYTES

    def manifest(self, inputs: list[Path], *, documents: int) -> dict[str, object]:
        """The run's identity: what a resumed run must share (not where it runs). The
        number of documents is part of it: the last partitions' cut depends on it, so an
        input that grew would be cut otherwise and finished partitions would skip documents."""
        return {
            "inputs": [str(p.resolve()) for p in inputs], "documents": documents, "format": self.output_format,
            "text_column": self.read.text_column, "id_column": self.read.id_column,
            "partition_documents": self.partition_documents, "partition_bytes": self.partition_bytes,
            "apply_corrections": self.apply_corrections,
            # How the last partitions shrink: a run cut otherwise has other partitions.
            "tail_partitions": {"share": TAIL_SHARE, "min_documents": TAIL_MIN_DOCUMENTS},
        }


@dataclass(slots=True)
class RunTally:
    """What the driver keeps of the partitions done: sums, and one figure per worker
    process; nothing per partition or per document (but the failed partitions' messages)."""

    parsed: int = 0
    words: int = 0
    peak_rss_mb: float = 0.0
    partitions: int = 0
    failed_partitions: list[str] = field(default_factory=list)
    cpu_by_worker: dict[int, float] = field(default_factory=dict)
    # When each worker process finished its latest partition: the earliest of these, at
    # the end, is when the first worker ran out of work (the tail starts).
    last_done_by_worker: dict[int, PhaseMark] = field(default_factory=dict)

    def add(self, result: PartitionSummary) -> None:
        self.partitions += 1
        self.parsed += result.documents_count
        self.words += result.words
        self.peak_rss_mb = max(self.peak_rss_mb, result.peak_rss_mb)
        pid = result.worker_pid           # on a cluster of machines two may share one: a figure only
        self.cpu_by_worker[pid] = max(self.cpu_by_worker.get(pid, 0.0), result.worker_cpu_seconds)


def default_workers() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run_batch(options: BatchOptions, *, stderr: TextIO) -> tuple[BatchSummary, list[str]]:
    """Run the batch; returns the summary and the partitions that failed (if any)."""
    started = time.perf_counter()
    clock = PhaseClock()
    paths = expand_inputs(options.inputs)
    folder = OutputFolder(options.output, output_format=options.output_format)
    total = count_documents(paths)
    done = folder.prepare(options.manifest(paths, documents=total), resume=options.resume)
    corrections = _workspace_corrections() if options.apply_corrections else {}
    clock.mark("prepare", documents=0)
    tally = RunTally()
    skipped = 0
    with _cluster(options) as cluster:
        client = cluster.client
        clock.mark("cluster start", documents=0)
        client.register_plugin(GazetteerPlugin(cluster.gazetteer_path, corrections))
        clock.mark("gazetteers open", documents=0)
        # Workers of a local cluster share this machine's folders: they write their own partitions.
        target = None if options.scheduler else OutputTarget(str(folder.path.resolve()), folder.format)
        folder.write_manifest()
        workers = len(client.scheduler_info(n_workers=-1)["workers"]) or 1
        progress = ProgressBar(total, stderr)
        pending = as_completed()
        outstanding: set = set()
        limit = IN_FLIGHT_PER_WORKER * workers
        try:
            stream = partitions(read_documents(paths, options=options.read),
                                max_documents=options.partition_documents, max_bytes=options.partition_bytes,
                                total=total)
            for partition in stream:
                if partition.index in done:
                    skipped += 1
                    progress.advance(len(partition.documents))
                    continue
                future = client.submit(parse_partition, partition, target,
                                       key=f"parse-{partition.name}-{os.getpid()}", pure=False)
                outstanding.add(future)
                pending.add(future)
                while len(outstanding) >= limit:
                    _finish(next(pending), folder, tally, progress, outstanding, clock)
            for future in pending:
                _finish(future, folder, tally, progress, outstanding, clock)
        except BaseException:
            # Ctrl-C: stop the cluster's work; finished partitions are already on disk.
            client.cancel(list(outstanding))
            raise
        progress.finish()
        _mark_tail(clock, tally)
        # Every partition is written: the workers shut down (a second or two of their own
        # CPU, on their cores) while the driver builds the place index on its own.
        cluster.close_in_background()
        if folder.completed_partitions():
            corpus = finish_output(folder, clock=clock)
            documents, mentions, errors = corpus.documents, corpus.mentions, corpus.errors
        else:
            documents = mentions = errors = 0
    clock.mark("cluster close")
    summary = BatchSummary(documents=documents, mentions=mentions, errors=errors, parsed=tally.parsed,
                           skipped_partitions=skipped, seconds=time.perf_counter() - started, words=tally.words,
                           peak_worker_rss_mb=tally.peak_rss_mb, workers=workers,
                           worker_cpu_seconds=sum(tally.cpu_by_worker.values()), driver_peak_rss_mb=peak_rss_mb(),
                           phases=clock.phases())
    return summary, tally.failed_partitions


def _mark_tail(clock: PhaseClock, tally: RunTally) -> None:
    """Close the steady phase when the first worker ran out of work, and the tail when
    the last partition was done (one worker: no tail)."""
    if not tally.last_done_by_worker:
        return
    marks = sorted(tally.last_done_by_worker.values(), key=lambda mark: mark.wall)
    if len(marks) > 1:
        clock.add(replace(marks[0], name="steady"))
    clock.add(replace(marks[-1], name="tail" if len(marks) > 1 else "steady"))


def _finish(future, folder: OutputFolder, tally: RunTally, progress: ProgressBar, outstanding: set,
            clock: PhaseClock) -> None:
    outstanding.discard(future)
    try:
        result: PartitionResult | PartitionSummary = future.result()
    except Exception as exc:  # noqa: BLE001 - a lost worker loses one partition, not the run
        tally.failed_partitions.append(f"{future.key}: {type(exc).__name__}: {exc}")
        print(f"\nbatch: {future.key} failed ({type(exc).__name__}: {exc}); --resume retries it",
              file=progress.stream)
        return
    finally:
        future.release()
    if isinstance(result, PartitionResult):      # a worker that cannot reach the output folder
        folder.write_partition(result.index, result.tables())
        result = result.summary
    tally.add(result)
    progress.advance(result.documents_count)
    done = clock.now("partition", documents=tally.parsed)
    if tally.partitions == 1:
        clock.add(replace(done, name="first partition"))
    tally.last_done_by_worker[result.worker_pid] = done


class _ClusterSession:
    """A client of the cluster in use, the gazetteer path its workers open, and how to
    let go of it: now, or in a thread while the driver does something else."""

    def __init__(self, client: Client, gazetteer_path: str | None, cluster: LocalCluster | None) -> None:
        self.client = client
        self.gazetteer_path = gazetteer_path
        self._cluster = cluster
        self._closing: threading.Thread | None = None
        self._close_error: BaseException | None = None

    def close_in_background(self) -> None:
        """Start closing the client (and a local cluster's workers) in a thread; ``close``
        waits for it."""
        if self._closing is None:
            self._closing = threading.Thread(target=self._close_catching, name="close-dask-cluster", daemon=True)
            self._closing.start()

    def close(self, *, raise_error: bool = True) -> None:
        """Let go of the cluster (waiting for a background close). Without
        ``raise_error`` a failure to close is logged, not raised: the run's own error
        (a full disk, Ctrl-C) is the one the user must see."""
        try:
            if self._closing is None:
                self._close_now()
                return
            self._closing.join()
            if self._close_error is not None:
                raise self._close_error
        except Exception as exc:
            if raise_error:
                raise
            logging.getLogger(__name__).warning("closing the Dask cluster failed too: %s", exc)

    def _close_catching(self) -> None:
        try:
            self._close_now()
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits in close()
            self._close_error = exc

    def _close_now(self) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()


@contextmanager
def _cluster(options: BatchOptions) -> Iterator[_ClusterSession]:
    """The cluster to use: an existing one (``--scheduler``) or a local one started here."""
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"Cannot reach the Dask scheduler at {options.scheduler}: {exc}") from exc
        # Each machine opens its own gazetteer (its $PASSAGE_ATLAS_DATA).
        session = _ClusterSession(client, None, None)
    else:
        # Opened (and built when missing) here, once, so workers only ever open it.
        gazetteer = open_gazetteer()
        path = str(gazetteer.path)
        gazetteer.close()
        # Workers start with the config in force here: no sampling profiler (see WORKER_CONFIG).
        with dask.config.set(WORKER_CONFIG):
            local = LocalCluster(n_workers=options.workers or default_workers(), threads_per_worker=1,
                                 processes=True, dashboard_address=None, silence_logs=logging.ERROR)
        try:
            session = _ClusterSession(Client(local), path, local)
        except BaseException:
            local.close()
            raise
    try:
        yield session
    except BaseException:
        session.close(raise_error=False)
        raise
    session.close()


def _workspace_corrections() -> dict[str, tuple]:
    """The user's corrections of every saved article, by the article text's hash."""
    from geo.workspace import Workspace, text_hash
    workspace = Workspace.open()
    try:
        found = {}
        for summary in workspace.list_articles():
            fixes = workspace.corrections(summary.id)
            saved = workspace.get_article(summary.id) if fixes else None
            if saved is not None:
                found[text_hash(saved.text)] = fixes
        return found
    finally:
        workspace.close()
