"""geo.corpus.work and output without Dask: what a worker makes of a partition, and
how a partition reaches the disk (whole or not at all)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from geo.corpus.errors import BatchError
from geo.corpus.output import OutputFolder
from geo.corpus.partitions import Partition
from geo.corpus.sources import SourceDocument
from geo.corpus.tables import MENTIONS_SCHEMA
from geo.corpus.work import parse_documents
from geo.inputs import decode_text
from geo.pipeline import parse
from geo.records import mention_records
from tests.corpus.corpus_texts import documents

MANIFEST = {"inputs": ["/corpus/a.jsonl"], "format": "parquet"}


def partition_of(*docs: SourceDocument, index: int = 0) -> Partition:
    return Partition(index, 0, tuple(docs))


def test_a_worker_writes_the_records_parse_jsonl_writes(full_gazetteer):
    doc = documents(1)[0]
    result = parse_documents(partition_of(SourceDocument(doc["id"], "a.jsonl", text=doc["text"],
                                                         metadata=(("date", doc["date"]),))), full_gazetteer)
    rows = result.mentions.to_pylist()
    expected = mention_records(parse(decode_text(doc["text"]).text, full_gazetteer))
    assert rows and [{k: v for k, v in r.items() if k != "doc_id"} for r in rows] == expected
    assert {r["doc_id"] for r in rows} == {doc["id"]}
    document, = result.documents.to_pylist()
    assert document["error"] == "" and document["mentions"] == len(expected) and document["date"] == doc["date"]
    assert document["text"] == decode_text(doc["text"]).text and document["words"] == len(doc["text"].split())


def test_bad_documents_become_rows_with_their_error(full_gazetteer, monkeypatch):
    monkeypatch.setenv("PASSAGE_ATLAS_MAX_INPUT_BYTES", "200")
    docs = (
        SourceDocument("pdf", "folder", data=b"%PDF-1.7 binary", filename="scan.txt"),
        SourceDocument("nul", "folder", data=b"Lyon\x00\x00\x00\x00\x00\x00\x00\x00", filename="x.txt"),
        SourceDocument("huge", "a.jsonl", text="Lyon and Grenoble. " * 20),
        SourceDocument("broken", "a.jsonl", error="line 3 is not valid JSON (Expecting value at column 8)"),
        SourceDocument("html", "folder", data=b"<html><body><p>Snow in Denver &amp; Boulder.</p></body></html>",
                       filename="page.html"),
    )
    result = parse_documents(partition_of(*docs), full_gazetteer)
    rows = {r["doc_id"]: r for r in result.documents.to_pylist()}
    assert "PDF document" in rows["pdf"]["error"]
    assert "binary" in rows["nul"]["error"]
    assert "the limit is" in rows["huge"]["error"]
    assert rows["broken"]["error"].startswith("line 3 is not valid JSON")
    assert rows["html"]["error"] == "" and rows["html"]["text"] == "Snow in Denver & Boulder."
    assert result.errors == 4 and result.documents_count == 5
    assert {r["doc_id"] for r in result.mentions.to_pylist()} == {"html"}


def test_a_metadata_field_never_overwrites_a_documents_column(full_gazetteer):
    doc = SourceDocument("d", "a.jsonl", text="Rain in Lyon.", metadata=(("error", "none"), ("title", "Rain")))
    row, = parse_documents(partition_of(doc), full_gazetteer).documents.to_pylist()
    assert row["error"] == "" and row["meta_error"] == "none" and row["title"] == "Rain"


def test_a_partition_is_renamed_into_place_whole(tmp_path, full_gazetteer):
    folder = OutputFolder(tmp_path / "out")
    assert folder.prepare(MANIFEST, resume=False) == set()
    result = parse_documents(partition_of(SourceDocument("d", "a", text="Rain in Lyon."), index=4), full_gazetteer)
    with pytest.raises(KeyError):   # the documents table is missing: nothing may appear
        folder.write_partition(4, {"mentions": result.mentions})
    assert folder.completed_partitions() == set() and [p.name for p in folder.path.iterdir()] == ["_batch.json"]
    folder.write_partition(4, {"mentions": result.mentions, "documents": result.documents})
    assert folder.completed_partitions() == {4}
    assert pq.read_table(folder.path / "part-000004" / "mentions.parquet").schema == MENTIONS_SCHEMA


def test_a_folder_with_a_run_is_only_reused_to_resume_that_run(tmp_path, full_gazetteer):
    folder = OutputFolder(tmp_path / "out")
    folder.prepare(MANIFEST, resume=False)
    assert not any(folder.path.iterdir())               # nothing written before the first partition
    result = parse_documents(partition_of(SourceDocument("d", "a", text="Rain in Lyon.")), full_gazetteer)
    folder.write_partition(0, {"mentions": result.mentions, "documents": result.documents})
    (folder.path / ".tmp-part-000001-999").mkdir()      # left by a killed run
    with pytest.raises(BatchError, match="--resume"):
        OutputFolder(folder.path).prepare(MANIFEST, resume=False)
    with pytest.raises(BatchError, match="other format"):
        OutputFolder(folder.path).prepare({**MANIFEST, "format": "jsonl"}, resume=True)
    assert OutputFolder(folder.path).prepare(MANIFEST, resume=True) == {0}
    assert not (folder.path / ".tmp-part-000001-999").exists()
    stranger = tmp_path / "photos"
    stranger.mkdir()
    (stranger / "cat.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(BatchError, match="not empty"):
        OutputFolder(stranger).prepare(MANIFEST, resume=False)


def test_jsonl_format_writes_the_same_rows(tmp_path, full_gazetteer):
    result = parse_documents(partition_of(SourceDocument("d", "a", text="Rain in Lyon and Grenoble.")),
                             full_gazetteer)
    folder = OutputFolder(tmp_path / "out", output_format="jsonl")
    folder.prepare({**MANIFEST, "format": "jsonl"}, resume=False)
    folder.write_partition(0, {"mentions": result.mentions, "documents": result.documents})
    lines = (folder.path / "part-000000" / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == result.mentions.to_pylist()


def test_a_partition_written_twice_stays_as_the_first_run_wrote_it(tmp_path, full_gazetteer):
    # Dask runs a task again when its worker dies after the rename: the second write
    # must neither fail nor leave a temporary folder behind.
    folder = OutputFolder(tmp_path / "out")
    folder.prepare(MANIFEST, resume=False)
    first = parse_documents(partition_of(SourceDocument("d", "a", text="Rain in Lyon.")), full_gazetteer)
    folder.write_partition(0, first.tables())
    stamp = (folder.path / "part-000000" / "mentions.parquet").stat().st_mtime_ns
    folder.write_partition(0, first.tables())
    assert folder.completed_partitions() == {0} and not list(folder.path.glob(".tmp-*"))
    assert (folder.path / "part-000000" / "mentions.parquet").stat().st_mtime_ns == stamp


def test_a_resumed_run_over_an_input_that_grew_is_refused(tmp_path):
    # The last partitions' cut depends on the number of documents: a grown input would
    # be cut otherwise, and partitions already written would skip the new documents.
    from geo.corpus.run import BatchOptions
    options = BatchOptions(inputs=("a.jsonl",), output=tmp_path / "out")
    folder = OutputFolder(options.output)
    folder.prepare(options.manifest([tmp_path / "a.jsonl"], documents=300), resume=False)
    folder.write_manifest()
    with pytest.raises(BatchError, match="documents"):
        OutputFolder(options.output).prepare(options.manifest([tmp_path / "a.jsonl"], documents=600), resume=True)
    assert OutputFolder(options.output).prepare(options.manifest([tmp_path / "a.jsonl"], documents=300),
                                                resume=True) == set()


def test_a_failed_cluster_close_can_be_logged_instead_of_hiding_the_runs_own_error():
    # The run's context uses raise_error=False when the run itself failed (a full disk,
    # Ctrl-C): that error, not the close's, is the one the user must see.
    from geo.corpus import run

    class BreaksOnClose(run._ClusterSession):
        def _close_now(self):
            raise OSError("the scheduler went away")

    for background in (False, True):
        session = BreaksOnClose(None, None, None)
        if background:
            session.close_in_background()
        session.close(raise_error=False)
        with pytest.raises(OSError, match="went away"):
            BreaksOnClose(None, None, None).close()
