"""AppTest smoke tests of the corpus page: with no batch output, and with one."""

from __future__ import annotations

import os
from pathlib import Path

from tests.corpus.corpus_texts import documents, write_output


def test_corpus_page_without_an_output_says_how_to_make_one(app):
    at = app.run()
    at.switch_page("pages/corpus.py").run()
    assert not at.exception and not at.error
    assert any("python -m geo batch" in info.value for info in at.info)


def test_corpus_page_opens_an_output_of_the_data_folder(app, full_gazetteer):
    data = Path(os.environ["PASSAGE_ATLAS_DATA"])
    write_output(data / "corpora" / "wire-sample", documents(12), full_gazetteer)
    at = app.run()
    at.switch_page("pages/corpus.py").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="corpus.choice").value.endswith("wire-sample")
    assert any(caption.value.startswith("12 documents") for caption in at.caption)
    maps = [c for c in at.get("component_instance") if "leaflet" in c.proto.json_args]
    assert len(maps) == 1 and "Denver" in maps[0].proto.json_args


def test_a_document_opens_in_the_reader_from_a_read_only_data_folder(app, full_gazetteer):
    """"Open in the reader" saved the document first and showed an exception box when
    the data folder could not be written; it now opens it unsaved, as a paste does."""
    from tests.mounts import read_only
    data = Path(os.environ["PASSAGE_ATLAS_DATA"])
    write_output(data / "corpora" / "wire-sample", documents(12), full_gazetteer)
    with read_only(data):
        at = app.run()
        at.switch_page("pages/corpus.py").run()
        places = [c for c in at.get("component_instance") if "leaflet" in c.proto.json_args]
        assert places
        at.session_state["corpus.selected"] = _first_place(data)
        at.run()
        at.button(key="corpus.open.0").click().run()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        assert at.session_state["atlas.unsaved"][1], "the document is open, unsaved"


def _first_place(data: Path) -> str:
    import pyarrow.parquet as pq
    table = pq.read_table(data / "corpora" / "wire-sample" / "places.parquet")
    return table.column("place_id")[0].as_py()
