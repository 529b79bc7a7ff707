"""A correction never lands on the wrong article: a reader has the correction panel open
on article X, X is deleted in another window, and the save is refused with a clear
message, stored nowhere."""

from __future__ import annotations

import uuid

import pytest

from geo.workspace import Workspace
from tests.reliability.helpers import TIMEOUT, click_mark, map_ready, offline_page

pytestmark = pytest.mark.browser


def test_a_correction_for_an_article_deleted_in_another_window_is_refused(browser, server, atlas_data):
    token = uuid.uuid4().hex[:8]
    workspace = Workspace.open(atlas_data / "workspace.sqlite")
    article_id = workspace.save_article(f"Floods {token}", f"Floods {token}\n\nRain closed the roads to Herat "
                                                           "and Kandahar on Monday.\n")
    context, page = offline_page(browser, server)
    try:
        page.goto(f"{server}/?article={article_id}", timeout=TIMEOUT)
        map_ready(page)
        click_mark(page, "Herat")
        page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('Herat')",
                               timeout=TIMEOUT)
        page.get_by_role("button", name="Correct this place").click()
        panel = page.locator(".st-key-pa-correct")
        panel.get_by_text("Correct “Herat”").wait_for(timeout=TIMEOUT)

        assert workspace.delete_article(article_id)   # another window deletes the article
        # The data folder is shared by the session's browser tests, so other articles may
        # hold corrections already: what matters is that this save adds none anywhere.
        before = {a.id: workspace.corrections(a.id) for a in workspace.list_articles()}

        panel.get_by_role("button", name="Not a place").click()
        page.get_by_text("deleted in another window").first.wait_for(timeout=TIMEOUT)
        assert page.get_by_text("Saved: every mention").count() == 0
        after = {a.id: workspace.corrections(a.id) for a in workspace.list_articles()}
        assert after == before, "the correction landed on another article"
    finally:
        context.close()
