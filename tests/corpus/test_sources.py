"""geo.corpus.sources and partitions: every input kind streams, bad documents are kept with their error."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from geo.corpus.errors import CorpusSourceError
from geo.corpus.partitions import partitions
from geo.corpus.sources import ReadOptions, SourceDocument, count_documents, expand_inputs, read_documents
from geo.limits import Limits
from tests.corpus.corpus_texts import documents, write_jsonl


def read(*paths, **kwargs):
    return list(read_documents(expand_inputs([str(p) for p in paths]), **kwargs))


def test_jsonl_keeps_metadata_and_reports_bad_lines(tmp_path):
    good = documents(2)
    path = tmp_path / "wire.jsonl"
    lines = [json.dumps(good[0]), "", '{"id": "x", "text": "unterminated', json.dumps(["a", "list"]),
             json.dumps({"id": "no-text", "date": "2024-05-01"}), json.dumps({**good[1], "tags": ["a", "b"]})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = read(path)
    assert [d.doc_id for d in docs] == ["doc-0000", "wire.jsonl:3", "wire.jsonl:4", "no-text", "doc-0001"]
    assert docs[0].text == good[0]["text"] and not docs[0].error
    assert dict(docs[0].metadata) == {"date": good[0]["date"], "source": good[0]["source"]}
    assert "not valid JSON" in docs[1].error and "line 3" in docs[1].error
    assert "not an object" in docs[2].error
    assert docs[3].error == "line 5 has no string 'text'" and dict(docs[3].metadata) == {"date": "2024-05-01"}
    assert "tags" not in dict(docs[4].metadata)        # nested values are not metadata
    assert count_documents(expand_inputs([str(path)])) == 5


def test_a_line_in_another_encoding_is_that_documents_error(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Lyon"}\n{"id": "b", "text": "Gen\xe8ve"}\n')
    docs = read(path)
    assert not docs[0].error and "not UTF-8" in docs[1].error


def test_a_line_over_the_size_limit_is_refused_without_parsing(tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl", [{"id": "big", "text": "Lyon. " * 400}, {"id": "ok", "text": "Lyon"}])
    docs = read(path, limits=Limits(max_input_bytes=1000))
    assert "limit is 1,000" in docs[0].error and docs[1].text == "Lyon"


def test_gzip_jsonl_and_globs(tmp_path):
    docs = documents(3)
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(d) + "\n" for d in docs[:2]))
    write_jsonl(tmp_path / "b.jsonl", docs[2:])
    found = list(read_documents(expand_inputs([str(tmp_path / "*.jsonl*")])))
    assert [d.doc_id for d in found] == ["doc-0000", "doc-0001", "doc-0002"]
    assert count_documents(expand_inputs([str(tmp_path / "*.jsonl*")])) == 3


def test_folder_ids_are_relative_paths_and_bytes_are_kept_for_the_worker(tmp_path):
    (tmp_path / "2024" / "may").mkdir(parents=True)
    (tmp_path / "2024" / "may" / "flood.md").write_text("# Flood\n\nRain in Lyon and in Grenoble.", encoding="utf-8")
    (tmp_path / "2024" / "page.html").write_bytes(b"<p>Snow in Denver.</p>")
    (tmp_path / "notes.csv").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text("skip me")
    docs = read(tmp_path, limits=Limits(max_input_bytes=25))
    assert [d.doc_id for d in docs] == ["2024/page.html", "2024/may/flood.md"]
    assert docs[0].data == b"<p>Snow in Denver.</p>" and docs[0].filename == "page.html"
    assert "limit is 25" in docs[1].error and docs[1].data is None


def test_parquet_with_named_columns(tmp_path):
    table = pa.table({"key": ["p1", "p2", None], "body": ["Rain in Lyon.", None, "Snow in Denver."],
                      "published": pa.array([pa.scalar(0, pa.date32()).as_py()] * 3, pa.date32())})
    pq.write_table(table, tmp_path / "news.parquet")
    docs = read(tmp_path / "news.parquet", options=ReadOptions(text_column="body", id_column="key"))
    assert [d.doc_id for d in docs] == ["p1", "p2", "news.parquet:3"]
    assert docs[0].text == "Rain in Lyon." and dict(docs[0].metadata) == {"published": "1970-01-01"}
    assert "no text in column 'body'" in docs[1].error
    with pytest.raises(CorpusSourceError, match="no column 'text'"):
        read(tmp_path / "news.parquet")


@pytest.mark.parametrize("pattern, message", [
    ("missing.jsonl", "No such file or folder"),
    ("*.nothing", "No input matches"),
    ("table.csv", "not a corpus input"),
])
def test_unusable_inputs_are_one_clear_error(tmp_path, pattern, message):
    (tmp_path / "table.csv").write_text("a,b\n")
    with pytest.raises(CorpusSourceError, match=message):
        expand_inputs([str(tmp_path / pattern)])


def test_partitions_are_bounded_by_count_and_by_bytes_and_are_reproducible():
    docs = [SourceDocument(str(n), "x", text="x" * (10 if n != 3 else 100)) for n in range(7)]
    cut = list(partitions(docs, max_documents=3, max_bytes=105))
    assert [[d.doc_id for d in p.documents] for p in cut] == [["0", "1", "2"], ["3"], ["4", "5", "6"]]
    assert [p.first for p in cut] == [0, 3, 4] and cut[2].name == "part-000002"
    assert [p.documents for p in partitions(docs, max_documents=3, max_bytes=105)] == [p.documents for p in cut]


def test_the_last_partitions_shrink_so_workers_finish_together():
    docs = [SourceDocument(str(n), "x", text="Kabul.") for n in range(1000)]
    cut = [len(p.documents) for p in partitions(docs, max_documents=100, total=1000)]
    assert sum(cut) == 1000 and cut[:6] == [100] * 6
    # From the point where four full partitions are left, each holds at most a quarter
    # of what is left, down to 16 documents (the last holds what remains).
    left = 1000
    for size in cut:
        assert size == min(100, max(16, -(-left // 4))) or size == left
        left -= size
    assert cut[-2:] == [16, 4]
    # The same corpus, the same cut; no total (unknown size), the plain cut.
    assert [len(p.documents) for p in partitions(docs, max_documents=100, total=1000)] == cut
    assert [len(p.documents) for p in partitions(docs, max_documents=100)] == [100] * 10


def test_lines_that_break_json_readers_are_each_a_documents_error(tmp_path):
    """Deep nesting and a 5,000-digit integer raise RecursionError and ValueError, not
    JSONDecodeError; each was a traceback that ended the batch (found by review)."""
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Lyon"}\n' + b"[" * 100_000 + b"\n"
                     + b'{"id": ' + b"9" * 5000 + b', "text": "Lyon"}\n' + b'{"id": "d", "text": "Nice"}\n')
    docs = read(path)
    assert [d.text for d in docs if not d.error] == ["Lyon", "Nice"]
    assert "nested too deeply" in docs[1].error and "not valid JSON" in docs[2].error


def test_an_endless_line_is_refused_without_holding_it(tmp_path):
    path = tmp_path / "endless.jsonl"
    path.write_bytes(b'{"id": "a", "text": "' + b"Lyon " * 300_000 + b'"}\n{"id": "b", "text": "Nice"}\n')
    docs = read(path, limits=Limits(max_input_bytes=1000))
    assert "limit is 1,000" in docs[0].error and docs[1].text == "Nice"


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    import os
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(CorpusSourceError, match="not a file"):
        expand_inputs([str(fifo)])
