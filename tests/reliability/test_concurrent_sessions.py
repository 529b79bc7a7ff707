"""Two browser sessions saving at the same moment: both saves land, each session sees both.

Two browser contexts (two Streamlit sessions) on one running app. The clicks are
scheduled in the pages themselves for the same wall-clock millisecond (both contexts
share the browser's clock), so the two server-side saves really overlap.
"""

from __future__ import annotations

import sqlite3
import uuid

from tests.reliability.helpers import TIMEOUT, choose_in_selectbox, goto_page, map_ready, offline_page, \
    selectbox_options

CLICK_TOGETHER = """([label, at]) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.innerText.trim() === label);
    if (!button) { return false; }
    setTimeout(() => button.click(), Math.max(0, at - Date.now()));
    return true;
}"""


def click_together(pages, label: str) -> None:
    at = pages[0].evaluate("() => Date.now()") + 400
    for page in pages:
        assert page.evaluate(CLICK_TOGETHER, [label, at]), f"no button {label!r}"


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
        click_together(pages, "Find the places")
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

        # Corrections race: both sessions on article A, each corrects another name, same moment.
        article_a = ids[f"Race A {token}"]
        names = ("Lyon", "Toulouse")
        for page, name in zip(pages, names):
            page.goto(f"{server}/?article={article_a}", timeout=TIMEOUT)
            map_ready(page)
            goto_page(page, "Articles")
            page.get_by_text("Correct a place").wait_for(timeout=TIMEOUT)
            choose_in_selectbox(page, "Name in the article", name)
            page.get_by_text(f"Now: {name}", exact=False).first.wait_for(timeout=TIMEOUT)
            page.get_by_text("Not a place", exact=True).first.click()
        click_together(pages, "Save correction")
        for page in pages:
            page.get_by_text("Your corrections").wait_for(timeout=TIMEOUT)
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
