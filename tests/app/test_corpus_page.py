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
