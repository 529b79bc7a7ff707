"""geo.corpus.upload: what cannot be a corpus is refused in one line, before anything
is written or run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.corpus.errors import CorpusSourceError
from geo.corpus.upload import UploadedRun, run_upload

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"\n  \n", "is empty"),
    (PNG, "is a binary file, not JSON lines"),
    (b'{"id": "a", "text": "Rain in Lyon."\n[1, 2]\n', "No line of upload.jsonl is a JSON object with a text"),
    (json.dumps({"id": "a", "body": "no text field"}).encode() + b"\n", "has no string 'text'"),
    (b"".join(json.dumps({"id": n, "text": "Lyon."}).encode() + b"\n" for n in range(4)), "holds 4 documents"),
])
def test_a_bad_upload_is_one_line_and_writes_nothing(tmp_path, data, message):
    corpora = tmp_path / "corpora"
    with pytest.raises(CorpusSourceError) as caught:
        run_upload("upload.jsonl", data, corpora=corpora, max_documents=3)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert not corpora.exists() or not [p for p in corpora.rglob("*") if p.is_file()]


def test_a_few_bad_lines_are_counted_in_one_line():
    run = UploadedRun(Path("out"), documents=3, failed=1,
                      first_error="line 2 is not valid JSON (Expecting value at column 1)")
    assert run.message() == ("1 of 3 documents could not be read (line 2 is not valid JSON (Expecting value at "
                             "column 1)); the other 2 are in the corpus.")
    assert UploadedRun(Path("out"), documents=3, failed=0).message() is None
