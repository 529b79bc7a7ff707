"""The corpus view in Debian chromium: a test corpus on the map, a place click lists its
passages, a document opens in the reader, and hostile text stays text."""

from __future__ import annotations

import pytest

from tests.browser.test_dashboard import TIMEOUT, click_place, goto_page, map_frame, place_names
from tests.corpus.corpus_texts import documents, write_output

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)> and </script><script>alert(2)</script>"
HOSTILE_DOC = {"id": "hostile<b>1</b>", "text": f"Trams in Lyon stopped when a sign read {HOSTILE} at the depot.",
               "date": "2024-12-30", "source": "<i>Evil</i>", "title": "<script>alert(3)</script> Lyon trams"}


@pytest.fixture(scope="module")
def corpus(atlas_data, full_gazetteer):
    return write_output(atlas_data / "corpora" / "test-corpus", documents(24) + [HOSTILE_DOC], full_gazetteer)


def open_corpus_view(page, server):
    page.goto(server, timeout=TIMEOUT)
    map_frame(page)                      # the home page has drawn: the app is up
    goto_page(page, "Corpus")
    page.get_by_text("Batch output").wait_for(timeout=TIMEOUT)
    # The corpus map is the only map on this page.
    page.wait_for_function("() => document.querySelectorAll('iframe[title=\"streamlit_folium.st_folium\"]').length === 1",
                           timeout=TIMEOUT)
    return map_frame(page)


def test_the_map_shows_the_corpus_and_a_click_lists_passages(page, server, corpus, shoot):
    frame = open_corpus_view(page, server)
    names = place_names(frame)
    assert {"Denver", "Lyon", "Nairobi", "Porto"} <= set(names)
    shoot(page, "corpus-map")
    click_place(frame, "Denver")
    passages = page.locator(".pa-corpus-passage")
    passages.first.wait_for(timeout=TIMEOUT)
    assert page.locator(".pa-corpus-place").inner_text() == "Denver"
    expected = sum(d["text"].count("Denver") for d in documents(24))
    page.get_by_text(f"Passages ({expected})").wait_for(timeout=TIMEOUT)
    assert passages.count() == 10                             # one page
    assert all(text == "Denver" for text in passages.locator("mark").all_inner_texts())
    shoot(page, "corpus-place")


def test_a_document_opens_in_the_reader_and_hostile_text_stays_text(page, server, corpus, shoot):
    frame = open_corpus_view(page, server)
    click_place(frame, "Lyon")
    passage = page.locator(".pa-corpus-passage").filter(has_text="onerror")
    passage.wait_for(timeout=TIMEOUT)
    text = passage.inner_text()
    assert HOSTILE in text and "<script>alert(3)</script> Lyon trams" in text and "<i>Evil</i>" in text
    assert page.locator(".pa-corpus-passage img, .pa-corpus-passage script, .pa-corpus-passage i").count() == 0
    shoot(page, "corpus-hostile")
    newest = page.get_by_role("button", name="Open in the reader").first   # newest first: the hostile one
    newest.click()
    reader = page.locator(".pa-reader", has_text="at the depot.")
    try:
        reader.wait_for(timeout=TIMEOUT)
    finally:
        shoot(page, "corpus-reader")
    assert HOSTILE in reader.inner_text()
    assert page.locator(".pa-reader img, .pa-reader script").count() == 0
