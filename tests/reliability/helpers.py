"""Small helpers the reliability tests share (browser ones come from tests/browser)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import offline_page  # noqa: F401  (re-exported)
from tests.browser.test_dashboard import MAP_FRAME, click_place, goto_page, place_names  # noqa: F401
from tests.browser.test_reading_view import click_mark  # noqa: F401  (re-exported)

TIMEOUT = 60_000


def map_ready(page, timeout: int = TIMEOUT):
    """The map iframe once Leaflet has drawn its place markers (some may be outside the view)."""
    page.locator(MAP_FRAME).first.wait_for(timeout=timeout)
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.wait_for_function("""() => { if (!window.map || !window.L) { return false; } let n = 0;
        window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.feature && l._path) n++; }); return n > 0; }""",
                            timeout=timeout)
    return frame


def data_folder_with_gazetteer(atlas_data: Path, folder: Path) -> Path:
    """A fresh data folder sharing the session's built gazetteer (hard link, read-only use)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "gazetteer.sqlite"
    try:
        os.link(atlas_data / "gazetteer.sqlite", target)
    except OSError:
        import shutil
        shutil.copyfile(atlas_data / "gazetteer.sqlite", target)
    return folder


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def selectbox_options(page, label: str, text: str) -> list[str]:
    """The options of the selectbox ``label`` that match ``text`` (typed into its search)."""
    box = page.get_by_role("combobox", name=label, exact=True).first
    box.click()
    # Typing opens the list (a click alone may not); clear first so a value equal to the text still types.
    box.fill("")
    box.press_sequentially(text)
    page.get_by_role("option").first.wait_for(timeout=TIMEOUT)
    # The list filters as it is typed into, a moment behind on a busy machine: read it once
    # an option shown holds the text (or at the timeout, to fail on what is shown). Not
    # "every": the filter also keeps fuzzy matches below the exact ones.
    try:
        page.wait_for_function("""(text) => {
            const shown = [...document.querySelectorAll('[role=option]')];
            return shown.some((o) => o.innerText.includes(text)); }""", arg=text, timeout=TIMEOUT)
    except PlaywrightTimeoutError:
        pass
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options
