"""An uploaded corpus's batch run is a real process group (the driver and its Dask
workers): when nobody waits for it any more, or its time limit passes, every process
of it is gone, and what it wrote can be resumed."""

from __future__ import annotations

import json

import pytest

from geo.corpus.errors import BatchError
from geo.corpus.upload import keep_upload
from tests.corpus.corpus_texts import documents
from tests.corpus.processes import still_running, with_children

pytestmark = pytest.mark.slow

WORKERS = 2


class Superseded(Exception):
    """What the dashboard's rerun is to a waiting upload: the watcher gives up."""


def upload(tmp_path, count: int):
    data = b"".join(json.dumps(d).encode() + b"\n" for d in documents(count))
    return keep_upload("corpus.jsonl", data, corpora=tmp_path / "corpora", max_documents=count)


def test_a_run_given_up_ends_with_all_its_workers_and_resumes_later(tmp_path):
    uploaded = upload(tmp_path, 3000)
    process = uploaded.start(workers=WORKERS, time_limit_s=300)
    seen: set[int] = set()

    def give_up_once_parsing(progress: str) -> None:
        seen.update(with_children(process.pid))
        # Driver, two worker processes (and Dask's helpers): the cluster is up and working.
        if len(seen) > WORKERS and "documents" in progress:
            raise Superseded

    with pytest.raises(Superseded):
        process.wait(on_tick=give_up_once_parsing, tick_s=0.2)
    assert len(seen) > WORKERS
    assert still_running(seen) == set()
    assert process.group() == []
    assert not uploaded.finished()
    # What the ended run wrote is kept and resumed: the next run finishes it.
    uploaded.run(workers=WORKERS, time_limit_s=300)
    assert uploaded.finished()


def test_a_run_past_its_time_limit_is_stopped_with_its_workers(tmp_path):
    # Far more documents than two workers can read in 8 s on any machine: 3,000 were
    # once enough, but a quiet machine finished them inside the limit.
    uploaded = upload(tmp_path, 40_000)
    process = uploaded.start(workers=WORKERS, time_limit_s=8)
    seen: set[int] = set()
    with pytest.raises(BatchError) as stopped:
        process.wait(on_tick=lambda _progress: seen.update(with_children(process.pid)), tick_s=0.2)
    assert "took longer than its limit of 8 s" in str(stopped.value)
    assert len(seen) > WORKERS
    assert still_running(seen) == set()
    assert not uploaded.finished()
