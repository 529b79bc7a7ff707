"""Two browser sessions saving at the same moment: both saves land, each session sees both.

Two browser contexts (two Streamlit sessions) on one running app. The clicks are
scheduled in the pages themselves for the same wall-clock millisecond (both contexts
share the browser's clock), so the two server-side saves really overlap.
"""

from __future__ import annotations

import sqlite3
import uuid

from tests.reliability.helpers import TIMEOUT, click_mark, goto_page, map_ready, offline_page, selectbox_options

SCHEDULE_CLICK = "(button, at) => { setTimeout(() => button.click(), Math.max(0, at - Date.now())); }"


def click_together(buttons) -> None:
    """Click each of ``buttons`` (one locator per page) at the same wall-clock moment."""
    handles = []
    for button in buttons:
        handles.append(button.element_handle(timeout=TIMEOUT))   # strict: exactly one button
    at = handles[0].evaluate("() => Date.now()") + 400
    for handle in handles:
        handle.evaluate(SCHEDULE_CLICK, at)


def article(token: str, places: tuple[str, ...]) -> str:
    lines = [f"Storm report {token}", ""]
    lines += [f"Wind damaged roofs in {p} overnight, and crews worked until dawn ({token})." for p in places]
    return "\n\n".join(lines)


def open_session(browser, server):
    context, page = offline_page(browser, server)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.problems = problems
    return context, page


def workspace_rows(atlas_data, sql: str, params=()) -> list[tuple]:
    db = sqlite3.connect(atlas_data / "workspace.sqlite")
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def test_two_sessions_save_at_the_same_moment(browser, server, atlas_data):
    token = uuid.uuid4().hex[:8]
    wanted = {f"Race A {token}": ("Marseille", "Lyon", "Toulouse"),
              f"Race B {token}": ("Nairobi", "Mombasa", "Kisumu")}
    sessions = [open_session(browser, server) for _ in wanted]
    pages = [page for _context, page in sessions]
    try:
        for page, (title, places) in zip(pages, wanted.items()):
            page.goto(server, timeout=TIMEOUT)
            map_ready(page)
            goto_page(page, "Articles")
            page.get_by_label("Title (optional", exact=False).fill(title)
            page.get_by_label("Paste the article text").fill(article(token, places))
        click_together([page.get_by_role("button", name="Find the places", exact=True) for page in pages])
        for page in pages:
            page.get_by_text("Saved and opened the new article").wait_for(timeout=TIMEOUT)

        rows = workspace_rows(atlas_data, "SELECT id, title FROM articles WHERE title LIKE ?", (f"Race _ {token}",))
        assert sorted(title for _id, title in rows) == sorted(wanted), rows
        ids = {title: article_id for article_id, title in rows}

        # After a reload (a new session each), both lists show both articles.
        for page in pages:
            page.goto(server, timeout=TIMEOUT)
            map_ready(page)
            goto_page(page, "Articles")
            page.get_by_text("Saved articles").wait_for(timeout=TIMEOUT)
            options = selectbox_options(page, "Article", token)
            for title in wanted:
                assert sum(o.startswith(f"{title} ·") for o in options) == 1, (title, options)

        # Corrections race: both sessions on article A, each corrects another name in the
        # reading view ("Correct this place", then "Not a place"), same moment.
        article_a = ids[f"Race A {token}"]
        names = ("Lyon", "Toulouse")
        for page, name in zip(pages, names):
            page.goto(f"{server}/?article={article_a}", timeout=TIMEOUT)
            map_ready(page)
            click_mark(page, name)
            page.wait_for_function("(name) => document.querySelector('.pa-facts h4')?.innerText.includes(name)",
                                   arg=name, timeout=TIMEOUT)
            page.get_by_role("button", name="Correct this place").click()
            page.locator(".st-key-pa-correct").get_by_text(f"Correct “{name}”").wait_for(timeout=TIMEOUT)
        click_together([page.locator(".st-key-pa-correct").get_by_role("button", name="Not a place") for page in pages])
        for page in pages:
            page.get_by_text("Saved: every mention").wait_for(timeout=TIMEOUT)
        stored = workspace_rows(atlas_data, "SELECT name_key, place_id FROM corrections WHERE article_id = ?",
                                (article_a,))
        assert sorted(stored) == [("lyon", None), ("toulouse", None)], stored
        for page in pages:
            page.goto(f"{server}/?article={article_a}", timeout=TIMEOUT)  # a new session on article A
            map_ready(page)
            goto_page(page, "Articles")
            page.get_by_text("Your corrections").wait_for(timeout=TIMEOUT)
            for name in names:
                page.get_by_text(f"{name} → not a place").wait_for(timeout=TIMEOUT)
            assert page.locator('[data-testid="stException"]').count() == 0
        for page in pages:
            assert not page.problems, page.problems
    finally:
        for context, _page in sessions:
            context.close()
