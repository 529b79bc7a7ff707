"""``batch --apply-corrections``: a correction saved in a real SQLite workspace changes
the batch output of that name in that article, and nothing else."""

from __future__ import annotations

import io
import json

import pytest

from geo.cli import main
from geo.corrections import Correction, name_key
from geo.pipeline import parse
from geo.records import mention_records
from geo.workspace import Workspace
from tests.corpus.corpus_texts import write_jsonl
from tests.corpus.test_batch_dask import mentions_by_document

pytestmark = pytest.mark.slow

CORRECTED = "The mayor of Porto opened a tram line to Lyon, and Porto's bakers cheered."
SAME_NAME_ELSEWHERE = "Fans in Porto waited for the train from Lyon."


@pytest.fixture
def data_folder(tmp_path, monkeypatch, full_gazetteer):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / full_gazetteer.path.name).symlink_to(full_gazetteer.path)
    monkeypatch.setenv("PASSAGE_ATLAS_DATA", str(folder))
    return folder


def place_of(name: str, gazetteer) -> str:
    """The engine's place id for ``name`` said on its own."""
    records = mention_records(parse(f"{name} is a city.", gazetteer))
    return next(r["place_id"] for r in records if r["text"] == name)


def batch(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    return main(["batch", *args], stdout=io.StringIO(), stderr=err), err.getvalue()


def test_a_saved_correction_changes_that_name_in_that_article_only(data_folder, tmp_path, full_gazetteer):
    lisbon = place_of("Lisbon", full_gazetteer)
    workspace = Workspace.open()
    article = workspace.save_article("Trams", CORRECTED)
    workspace.set_correction(article, Correction(name_key("Porto"), lisbon))
    workspace.close()
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [{"id": "corrected", "text": CORRECTED},
                                                     {"id": "elsewhere", "text": SAME_NAME_ELSEWHERE}])
    plain, fixed = tmp_path / "plain", tmp_path / "fixed"
    assert batch(str(corpus), "--out", str(plain), "--workers", "1")[0] == 0
    status, err = batch(str(corpus), "--out", str(fixed), "--workers", "1", "--apply-corrections")
    assert status == 0, err
    before, after = mentions_by_document(plain), mentions_by_document(fixed)

    def porto_rows(rows):
        return [r for r in rows if r["text"].startswith("Porto")]
    porto = porto_rows(before["corrected"])[0]["place_id"]
    assert porto and porto != lisbon
    assert [r["place_id"] for r in porto_rows(before["corrected"])] == [porto, porto]
    assert [(r["place_id"], r["corrected"]) for r in porto_rows(after["corrected"])] == [(lisbon, True)] * 2
    # Every other name of the corrected article, and the same name in another article, as before.
    assert ([r for r in after["corrected"] if not r["text"].startswith("Porto")]
            == [r for r in before["corrected"] if not r["text"].startswith("Porto")] != [])
    assert after["elsewhere"] == before["elsewhere"] and porto_rows(after["elsewhere"])[0]["place_id"] == porto
    # The run's identity records the choice: the two outputs cannot be mixed by --resume.
    assert json.loads((fixed / "_batch.json").read_text())["apply_corrections"] is True
