"""``python -m geo batch`` on real Dask: a LocalCluster, and a scheduler and worker
started as separate processes on localhost. Few tests, each doing much: clusters are
slow to start on two shared cores."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from geo.cli import main
from tests.corpus.corpus_texts import documents, write_jsonl

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def batch(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    status = main(["batch", *args], stdout=io.StringIO(), stderr=err)
    return status, err.getvalue()


def batch_process(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "geo", "batch", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(REPO)), **kwargs)


def parse_jsonl(path: Path) -> dict[str, list[dict]]:
    out, err = io.StringIO(), io.StringIO()
    assert main(["parse", "--jsonl", str(path)], stdout=out, stderr=err) == 0, err.getvalue()
    return {str(row["id"]): row["toponyms"] for row in map(json.loads, out.getvalue().splitlines())}


def mentions_by_document(out: Path) -> dict[str, list[dict]]:
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{out}/part-*/mentions.parquet') ORDER BY doc_id, start, \"end\"")
    found: dict[str, list[dict]] = defaultdict(list)
    for row in rows.to_arrow_table().to_pylist():
        found[row.pop("doc_id")].append(row)
    return dict(found)


def documents_rows(out: Path) -> list[dict]:
    return duckdb.sql(f"SELECT * FROM read_parquet('{out}/part-*/documents.parquet', union_by_name = true) "
                      "ORDER BY doc_id").to_arrow_table().to_pylist()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    good = write_jsonl(folder / "good.jsonl", documents(24))
    bad = folder / "bad.jsonl"
    bad.write_bytes(b'{"id": "broken", "text": "Rain in Ly\n' + json.dumps({"id": "textless"}).encode() + b"\n"
                    + b'{"id": "latin", "text": "Gen\xe8ve"}\n')
    return good, bad


def test_local_cluster_output_equals_parse_jsonl_and_bad_documents_are_rows(corpus, tmp_path):
    good, bad = corpus
    out = tmp_path / "out"
    status, err = batch(str(good), str(bad), "--out", str(out), "--workers", "2", "--partition-size", "5")
    assert status == 1, err                       # some documents failed, and the exit status says so
    assert "documents 27 (3 failed)" in err and "docs/s" in err
    assert mentions_by_document(out) == {k: v for k, v in parse_jsonl(good).items() if v}
    errors = {row["doc_id"]: row["error"] for row in documents_rows(out) if row["error"]}
    assert set(errors) == {"bad.jsonl:1", "textless", "bad.jsonl:3"}
    assert "not valid JSON" in errors["bad.jsonl:1"] and "not UTF-8" in errors["bad.jsonl:3"]
    assert (out / "places.parquet").is_file() and not list(out.glob(".tmp-*"))


def test_resume_skips_finished_partitions_and_gives_the_same_result(corpus, tmp_path):
    good, _ = corpus
    out = tmp_path / "out"
    assert batch(str(good), "--out", str(out), "--workers", "1", "--partition-size", "4")[0] == 0
    before = mentions_by_document(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    # A partition lost (as if the run had stopped before it); the others must be kept as they are.
    for file in (out / "part-000002").iterdir():
        file.unlink()
    (out / "part-000002").rmdir()
    status, err = batch(str(good), "--out", str(out), "--workers", "1", "--partition-size", "4", "--resume")
    assert status == 0, err
    assert "5 partitions already done" in err
    assert mentions_by_document(out) == before
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    assert {name for name in after if after[name] != stamps.get(name)} == {"part-000002"}
    # Another partition size is another run: refused, not mixed in.
    status, err = batch(str(good), "--out", str(out), "--partition-size", "3", "--resume")
    assert status == 2 and "error:" in err and "partition_documents" in err


def test_a_killed_run_resumes_with_nothing_lost_or_duplicated(tmp_path):
    docs = documents(60)
    source = write_jsonl(tmp_path / "many.jsonl", docs)
    out = tmp_path / "out"
    args = (str(source), "--out", str(out), "--workers", "1", "--partition-size", "2")
    # Its own process group, so kill -9 reaches the local cluster's workers too.
    proc = batch_process(*args, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("part-*"))) < 3:
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    written = len(list(out.glob("part-*")))
    assert 3 <= written < 30, "the run was not stopped midway"
    status, err = batch(*args, "--resume")
    assert status == 0, err
    rows = documents_rows(out)
    assert sorted(r["doc_id"] for r in rows) == sorted(d["id"] for d in docs)     # each once
    assert mentions_by_document(out) == {k: v for k, v in parse_jsonl(source).items() if v}
    assert not list(out.glob(".tmp-*"))


def test_a_scheduler_and_worker_in_their_own_processes(corpus, tmp_path):
    good, _ = corpus
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(["dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--dashboard-address", ":0", "--no-show"], cwd=REPO, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen(["dask", "worker", address, "--nworkers", "1", "--nthreads", "1",
                               "--no-dashboard", "--host", "127.0.0.1"], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        out = tmp_path / "out"
        status, err = batch(str(good), "--out", str(out), "--scheduler", address, "--partition-size", "6")
        assert status == 0, err
        assert "on 1 worker" in err
        assert mentions_by_document(out) == {k: v for k, v in parse_jsonl(good).items() if v}
        # The worker opened the gazetteer once, for all four partitions.
        from distributed import Client
        with Client(address, timeout="20s") as client:
            opens = client.run(lambda dask_worker: dask_worker.plugins["passage-atlas-gazetteer"].opens)
        assert list(opens.values()) == [1]
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
        for proc in (worker, scheduler):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_an_unreachable_scheduler_is_one_error_line(corpus, tmp_path):
    good, _ = corpus
    status, err = batch(str(good), "--out", str(tmp_path / "out"), "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert status == 2 and err.startswith("error: Cannot reach the Dask scheduler") and "Traceback" not in err


def test_the_driver_keeps_nothing_per_partition_over_a_run(tmp_path):
    # A run of many small partitions on a real cluster: the scheduler never holds more
    # tasks than the partitions in flight (a driver keeping its futures, or their
    # results, keeps every task of the run alive), and none once the run ends.
    from distributed import LocalCluster
    from distributed.diagnostics.plugin import SchedulerPlugin

    from geo.corpus.run import IN_FLIGHT_PER_WORKER, BatchOptions, run_batch

    class MostTasksHeld(SchedulerPlugin):
        def __init__(self, scheduler):
            self.scheduler, self.most = scheduler, 0

        def transition(self, key, start, finish, *args, **kwargs):
            self.most = max(self.most, len(self.scheduler.tasks))

    source = write_jsonl(tmp_path / "docs.jsonl", documents(16))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        held = MostTasksHeld(cluster.scheduler)
        cluster.scheduler.add_plugin(held, name="most-tasks-held")
        summary, failed = run_batch(BatchOptions(inputs=(str(source),), output=tmp_path / "out",
                                                 scheduler=cluster.scheduler_address, partition_documents=2),
                                    stderr=io.StringIO())
        assert failed == [] and summary.parsed == 16 and len(list((tmp_path / "out").glob("part-*"))) == 8
        assert 1 <= held.most <= IN_FLIGHT_PER_WORKER + 1
        assert dict(cluster.scheduler.tasks) == {} and dict(cluster.scheduler.task_groups) == {}
    assert summary.driver_peak_rss_mb > 0


def test_the_workers_shut_down_while_the_driver_builds_the_place_index(tmp_path, monkeypatch):
    # Closing a local cluster takes its workers a second or two; the place index needs
    # only the written partitions, so the driver builds it meanwhile. Each waits (up to
    # 20 s) for the other to start: run one after the other, one of them waits in vain.
    import threading

    from distributed import LocalCluster

    import geo.corpus.run as run

    index_started, close_started = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}
    real_finish = run.finish_output

    def finish_output(folder, **options):
        index_started.set()
        seen["close started meanwhile"] = close_started.wait(timeout=20)
        return real_finish(folder, **options)

    class WatchedCluster(LocalCluster):
        def close(self, *args, **kwargs):
            # What the workers' heartbeats report of their event loops' ticks, and
            # whether the scheduler runs work stealing (both cost CPU the parse needs).
            seen.setdefault("ticks", {ws.metrics.get("event_loop_interval") for ws in self.scheduler.workers.values()})
            seen.setdefault("stealing", "stealing" in self.scheduler.extensions)
            close_started.set()
            seen.setdefault("index started meanwhile", index_started.wait(timeout=20))
            return super().close(*args, **kwargs)

    monkeypatch.setattr(run, "finish_output", finish_output)
    monkeypatch.setattr(run, "LocalCluster", WatchedCluster)
    source = write_jsonl(tmp_path / "docs.jsonl", documents(40))
    summary, failed = run.run_batch(run.BatchOptions(inputs=(str(source),), output=tmp_path / "out", workers=1,
                                                     partition_documents=20), stderr=io.StringIO())
    assert failed == [] and summary.parsed == 40
    ticks, stealing = seen.pop("ticks"), seen.pop("stealing")
    assert seen == {"close started meanwhile": True, "index started meanwhile": True}
    assert len(ticks) == 1 and min(ticks) >= 0.5 and stealing is False
    # The run knows the corpus's size, so its last partitions are smaller (16 documents
    # at least): 16, 16, 8, not 20, 20.
    sizes = [pq.ParquetFile(part / "documents.parquet").metadata.num_rows
             for part in sorted((tmp_path / "out").glob("part-*"))]
    assert sizes == [16, 16, 8]
    assert (tmp_path / "out" / "place_index.parquet").is_file()
    # The run's phases, in order, as bench/batch_bench.py prints them.
    assert [phase.name for phase in summary.phases] == [
        "prepare", "cluster start", "gazetteers open", "first partition", "steady", "place index",
        "places, summary", "cluster close"]
    assert sum(phase.documents for phase in summary.phases) == 40
