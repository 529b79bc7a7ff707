"""The corpus view in Debian chromium: a test corpus on the map, a place click lists its
passages, a document opens in the reader, and hostile text stays text."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_dashboard import MAP_FRAME, TIMEOUT, click_place, goto_page, map_frame, place_names
from tests.corpus.corpus_texts import documents, write_output
from tests.corpus.processes import still_running, with_children

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)> and </script><script>alert(2)</script>"
HOSTILE_DOC = {"id": "hostile<b>1</b>", "text": f"Trams in Lyon stopped when a sign read {HOSTILE} at the depot.",
               "date": "2024-12-30", "source": "<i>Evil</i>", "title": "<script>alert(3)</script> Lyon trams"}


@pytest.fixture(scope="module")
def corpus(atlas_data, full_gazetteer):
    return write_output(atlas_data / "corpora" / "test-corpus", documents(24) + [HOSTILE_DOC], full_gazetteer)


# Streamlit's "running" icons: shown while a script run is in progress.
RUNNING = "[data-testid=stStatusWidgetRunningIcon], [data-testid=stStatusWidgetRunningManIcon]"


def wait_until_idle(page) -> None:
    """Until no script run is in progress, twice a little apart (a map that has just
    drawn sends its first value and starts one more run): the upload tests measure the
    upload, not the press, which has its own test."""
    for _ in range(2):
        page.wait_for_timeout(300)
        page.wait_for_function(f"() => !document.querySelector('{RUNNING}')", timeout=TIMEOUT)


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


# Places no document of the test corpus above names, so they can only come from the upload.
UPLOADED = [
    {"id": "up-1", "text": "Ferries from Reykjavik were cancelled as the storm reached Akureyri.", "date": "2025-02-03"},
    {"id": "up-2", "text": "Fishermen in Akureyri said the harbour froze overnight.", "date": "2025-02-04"},
]


def upload_corpus(page, name: str, data: bytes) -> None:
    page.get_by_text("Run a batch on an uploaded JSONL file").click()
    page.locator("input[type=file]").set_input_files({"name": name, "mimeType": "application/octet-stream",
                                                       "buffer": data})
    page.get_by_text(name).wait_for(timeout=TIMEOUT)           # the uploader lists the file
    wait_until_idle(page)
    page.get_by_role("button", name="Find the places").click()


def test_an_uploaded_corpus_is_run_and_its_places_and_documents_appear(page, server, corpus, shoot):
    open_corpus_view(page, server)
    broken = b'{"id": "up-3", "text": "Snow in Reykjavik\n'          # a line cut short: not JSON
    data = b"".join(json.dumps(d).encode() + b"\n" for d in UPLOADED) + broken
    upload_corpus(page, "iceland.jsonl", data)
    page.get_by_text("1 of 3 documents could not be read (line 3 is not valid JSON").wait_for(timeout=3 * TIMEOUT)
    page.get_by_text("3 documents, 1 failed").wait_for(timeout=TIMEOUT)
    shoot(page, "upload-done")
    frame = map_frame(page)
    assert set(place_names(frame)) >= {"Reykjavík", "Akureyri"} and "Denver" not in place_names(frame)
    # The corpus stays in the data folder: a later visit chooses it and reads its documents.
    # (The first click straight after an upload is the next test's.)
    open_corpus_view(page, server)
    page.locator("[data-testid=stSelectbox]").first.click()
    page.get_by_role("option", name="iceland-").click()
    page.get_by_text("3 documents, 1 failed").wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelectorAll('iframe[title=\"streamlit_folium.st_folium\"]').length === 1",
                           timeout=TIMEOUT)
    frame = map_frame(page)
    click_place(frame, "Akureyri")
    passages = page.locator(".pa-corpus-passage")
    passages.first.wait_for(timeout=TIMEOUT)
    # Newest first: "Fishermen in Akureyri said" (the town, not a speaker) is the later story.
    texts = passages.all_inner_texts()
    assert "Fishermen in Akureyri said" in texts[0]
    assert any("as the storm reached Akureyri" in t for t in texts[1:])
    assert passages.locator("mark").all_inner_texts() == ["Akureyri"] * passages.count()
    shoot(page, "upload-place")


def test_pressing_find_the_places_without_a_file_asks_for_one(page, server, corpus):
    open_corpus_view(page, server)
    chosen = page.locator("[data-testid=stSelectbox]").first.inner_text()
    # Pressed as soon as the page has drawn, while the map's first value may start one
    # more run: the press must not be lost (it was, on a busy CI machine).
    page.get_by_text("Run a batch on an uploaded JSONL file").click()
    page.get_by_role("button", name="Find the places").click()
    page.get_by_text("Choose a JSONL file above first, then press Find the places.").wait_for(timeout=TIMEOUT)
    assert page.locator("[data-testid=stSelectbox]").first.inner_text() == chosen


def test_a_binary_upload_is_one_line_and_the_corpus_stays(page, server, corpus, shoot):
    open_corpus_view(page, server)
    chosen = page.locator("[data-testid=stSelectbox]").first.inner_text()
    shown = sorted(place_names(map_frame(page)))
    upload_corpus(page, "photo.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = page.locator("[data-testid=stAlert]", has_text="photo.jsonl is a binary file, not JSON lines")
    error.wait_for(timeout=TIMEOUT)
    shoot(page, "upload-binary")
    assert len(error.inner_text().strip().splitlines()) == 1
    assert page.locator("[data-testid=stSelectbox]").first.inner_text() == chosen
    assert not list((corpus.parent / "uploads").glob("photo-*"))
    assert sorted(place_names(map_frame(page))) == shown


def test_the_first_click_on_the_map_an_upload_drew_lists_its_passages(page, server, corpus, shoot):
    """The map under the upload's form reaches below the window's edge: the first press
    on it must not scroll the page (which moved the release off the marker)."""
    open_corpus_view(page, server)
    docs = [{"id": "tas-1", "text": "Ferries from Hobart were late as the wind rose over Launceston.", "date": "2025-03-01"},
            {"id": "tas-2", "text": "Growers near Launceston picked apples early this year.", "date": "2025-03-02"}]
    upload_corpus(page, "tasmania.jsonl", b"".join(json.dumps(d).encode() + b"\n" for d in docs))
    page.get_by_text("2 documents ·").wait_for(timeout=3 * TIMEOUT)
    frame = map_frame(page)
    assert "Launceston" in place_names(frame)
    # What made the first click fail: the map reaches below the window's edge.
    assert page.evaluate(f"() => document.querySelector('{MAP_FRAME}').getBoundingClientRect().bottom") \
        > page.viewport_size["height"]
    click_place(frame, "Launceston")            # the first click on this map, with no reload
    passages = page.locator(".pa-corpus-passage")
    try:
        passages.first.wait_for(timeout=TIMEOUT // 2)
    finally:
        shoot(page, "upload-first-click")
    assert page.locator(".pa-corpus-place").inner_text() == "Launceston"
    assert any("as the wind rose over Launceston" in text for text in passages.all_inner_texts())


def batch_runs_of(upload_stem: str) -> set[int]:
    """The pids of the batch run over the upload named ``upload_stem`` and of its workers."""
    import psutil
    pids: set[int] = set()
    for process in psutil.process_iter(["cmdline"]):
        command = process.info["cmdline"] or []
        if "batch" in command and any(f"/uploads/{upload_stem}-" in part for part in command):
            pids |= with_children(process.pid)
    return pids


def wait_for(check, *, seconds: float, what: str):
    import time
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_running_upload_ends_with_its_workers_when_replaced_stopped_or_left(page, server, corpus, shoot):
    # Long enough (thousands of documents) to be still running when replaced.
    def corpus_bytes(tag: str) -> bytes:
        return b"".join(json.dumps({"id": f"{tag}-{d['id']}", "text": d["text"]}).encode() + b"\n"
                        for d in documents(4000))

    def runs_of(stem: str) -> set[int]:
        return wait_for(lambda: batch_runs_of(stem) if len(batch_runs_of(stem)) > 2 else None,
                        seconds=60, what=f"the driver and workers of {stem}")

    def choose_and_run(name: str) -> None:
        page.locator("input[type=file]").set_input_files({"name": name, "buffer": corpus_bytes(name.split(".")[0]),
                                                           "mimeType": "application/octet-stream"})
        page.get_by_text(name).first.wait_for(timeout=TIMEOUT)
        page.get_by_role("button", name="Find the places").click()

    open_corpus_view(page, server)
    page.get_by_text("Run a batch on an uploaded JSONL file").click()
    choose_and_run("long-first.jsonl")
    first = runs_of("long-first")
    # A new upload replaces the running one: its driver and workers end.
    choose_and_run("long-second.jsonl")
    wait_for(lambda: not still_running(first), seconds=30, what="the first run's driver and workers to end")
    second = runs_of("long-second")
    # Stop the run: the same.
    page.get_by_role("button", name="Stop the run").click()
    page.get_by_text("The run was stopped.").wait_for(timeout=TIMEOUT)
    wait_for(lambda: not still_running(second), seconds=30, what="the stopped run's driver and workers to end")
    shoot(page, "upload-stopped")
    # The reader closes the tab: the session stops watching, and the run ends.
    choose_and_run("long-first.jsonl")
    again = runs_of("long-first")
    page.context.close()
    wait_for(lambda: not still_running(again), seconds=30, what="the left run's driver and workers to end")
