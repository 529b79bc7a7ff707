"""One AppTest smoke test per page, plus a simulated marker click and the article flow."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"


def html_text(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def bidi(at, key: str) -> dict:
    """The data a v2 component (the reading view's text or panel) was mounted with."""
    import json
    for element in at.get("bidi_component"):
        if element.proto.id.endswith(key) or key in element.proto.id:
            return json.loads(element.proto.json)
    raise AssertionError(f"no component {key!r}")


def test_reading_view_opens_on_the_sample(app):
    at = app.run()
    assert not at.exception
    title = SAMPLE.read_text(encoding="utf-8").strip().splitlines()[0].lstrip("# ").strip()
    assert title in html_text(at)
    maps = [c for c in at.get("component_instance") if "leaflet" in c.proto.json_args]
    assert len(maps) == 1
    # Local assets only: the map's script links point at the app's static folder.
    assert "/app/static/vendor/leaflet/leaflet.js" in maps[0].proto.json_args
    assert "cdn" not in maps[0].proto.json_args.lower()
    # A click reaches nothing on the server: the map returns no objects.
    assert '"returned_objects": []' in maps[0].proto.json_args
    # The URL names the article.
    assert at.query_params["article"] in (str(at.session_state["atlas.article_id"]), [str(at.session_state["atlas.article_id"])])


@pytest.mark.parametrize("page", ["pages/places.py", "pages/articles.py"])
def test_each_page_runs(app, page):
    at = app.run()
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error


def test_text_and_panel_carry_every_place(app, app_data):
    at = app.run()
    assert not at.exception
    text, panel = bidi(at, "read.text"), bidi(at, "read.panel")
    assert text["role"] == "text" and panel["role"] == "panel"
    keys = [p["key"] for p in panel["places"]]
    assert keys and len(set(keys)) == len(keys)
    for key in keys:
        assert f'data-place="{key}"' in text["html"]
    kabul = next(p for p in panel["places"] if p["name"] == "Kabul")
    assert "pa-facts" in kabul["facts"] and "How sure" in kabul["facts"]
    # Plain words: no raw scores, working notes only in no place.
    assert "Score" not in kabul["facts"] and "written from memory" not in "".join(p["facts"] for p in panel["places"])


def test_unknown_article_in_the_url_says_so_and_lists_the_articles(app):
    at = app.run()            # saves the sample
    at.query_params["article"] = "987654"
    at.run()
    assert not at.exception
    assert any("No saved article has the id 987654" in e.value for e in at.error)
    assert any(b.key.startswith("read.open.") for b in at.button)


def test_paste_parse_save_and_correct(app):
    text = ("Storms hit Lisbon and Porto\n\nWind closed the port of Lisbon on Friday, "
            "and ferries to Porto stopped for a day.\n")
    at = app.run()
    at.switch_page("pages/articles.py").run()
    at.text_area(key="articles.text").input(text)
    at.button[0].click()   # the form's submit button
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["atlas.article_id"] is not None
    lisbon = next(p["key"] for p in bidi(at, "read.panel")["places"] if p["name"] == "Lisbon")
    # "Correct this place" in the panel opens the form for that place.
    at.session_state["read.correcting"] = lisbon
    at.switch_page("pages/read.py").run()
    at.button(key="correct.not_a_place").click().run()
    assert not at.exception
    at.switch_page("pages/places.py").run()
    table = at.dataframe[0].value
    assert "Lisbon" not in list(table["name"])
    assert "Porto" in list(table["name"])


def test_a_paste_over_the_paste_limit_is_refused_naming_it(app, monkeypatch):
    """Pasting used to bypass the upload limit; the page must apply its own."""
    monkeypatch.setenv("PASSAGE_ATLAS_MAX_PASTE_BYTES", "300")
    at = app.run()
    at.switch_page("pages/articles.py").run()
    at.text_area(key="articles.text").input("Rain fell in Kabul on Monday. " * 20)
    at.button[0].click()
    at.run()
    assert not at.exception
    assert any("PASSAGE_ATLAS_MAX_PASTE_BYTES" in e.value.replace("\\", "") for e in at.error), [e.value for e in at.error]
    assert at.session_state["atlas.article_id"] is None or "Kabul on Monday" not in html_text(at)


def test_bad_upload_message(app):
    at = app.run()
    at.switch_page("pages/articles.py").run()
    at.button[0].click().run()   # nothing pasted, no file
    assert not at.exception
    assert any("Paste some text" in e.value for e in at.error)


def test_a_namesake_is_saved_exactly_and_undone(app, app_data):
    from gazetteer.store import Gazetteer
    sweden = next(c.place.id for c in Gazetteer.open(app_data / "gazetteer.sqlite").candidates("Stockholm")
                  if c.place.country_code == "SE" and c.place.feature_type == "city")
    text = "Power cut on the plains\n\nStockholm is a farming town in Kingfisher County, Oklahoma.\n"
    at = app.run()
    at.switch_page("pages/articles.py").run()
    at.text_area(key="articles.text").input(text)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    town = next(p for p in bidi(at, "read.panel")["places"] if p["name"] == "Stockholm")
    assert "approximate" in town["facts"]
    at.session_state["read.correcting"] = town["key"]
    at.switch_page("pages/read.py").run()
    at.button(key=f"correct.pick.{sweden}").click().run()
    assert not at.exception
    assert at.session_state["read.select"]["id"] == sweden
    at.switch_page("pages/places.py").run()
    table = at.dataframe[0].value
    assert list(table.loc[table["name"] == "Stockholm", "country"]) == ["SE"]
    # Undo takes the correction back: the approximate pin returns.
    at.switch_page("pages/read.py").run()
    at.session_state["read.correcting"] = sweden
    at.run()
    at.button(key="correct.undo").click().run()
    at.switch_page("pages/places.py").run()
    table = at.dataframe[0].value
    assert list(table.loc[table["name"] == "Stockholm", "country"]) == ["US"]


# -- a change never lands on the wrong article (issue 10) -----------------------------

def _paste(at, text: str, title: str = ""):
    at.switch_page("pages/articles.py").run()
    if title:
        at.text_input(key="articles.title").input(title)
    at.text_area(key="articles.text").input(text)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_same_text_under_a_new_title_says_the_old_title_is_kept(app):
    text = "Storm over Lisbon\n\nWind closed the port of Lisbon on Friday.\n"
    at = _paste(app.run(), text, title="First title")
    assert any("Saved and opened the new article" in s.value for s in at.success)
    at = _paste(at, text, title="Second title")
    messages = [s.value for s in at.success]
    assert any("already saved as \u201cFirst title\u201d" in m for m in messages), messages
    assert not any("Saved and opened the new article" in m for m in messages)
