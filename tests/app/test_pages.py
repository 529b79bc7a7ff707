"""One AppTest smoke test per page, plus a simulated marker click and the article flow."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"


def html_text(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def test_home_page_opens_on_the_sample(app):
    at = app.run()
    assert not at.exception
    title = SAMPLE.read_text(encoding="utf-8").strip().splitlines()[0].lstrip("# ").strip()
    assert title in html_text(at)
    maps = [c for c in at.get("component_instance") if "leaflet" in c.proto.json_args]
    assert len(maps) == 1
    # Local assets only: the map's script links point at the app's static folder.
    assert "/app/static/vendor/leaflet/leaflet.js" in maps[0].proto.json_args
    assert "cdn" not in maps[0].proto.json_args.lower()


@pytest.mark.parametrize("page", ["pages/reader.py", "pages/places.py", "pages/articles.py"])
def test_each_page_runs(app, page):
    at = app.run()
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error


def test_marker_click_shows_passages(app, app_data, monkeypatch):
    import gazetteer
    import streamlit_folium
    from geo.inputs import decode_bytes
    from geo.pipeline import parse

    gaz = gazetteer.open_gazetteer(app_data / "gazetteer.sqlite")
    article = decode_bytes(SAMPLE.read_bytes(), filename=SAMPLE.name)
    result = parse(article.text, gaz, caption_spans=article.caption_spans)
    chosen = max(result.places, key=lambda rp: len(rp.mentions))
    clicked = {"last_active_drawing": {"type": "Feature", "properties": {"id": chosen.key}},
               "last_object_clicked_count": 1}
    monkeypatch.setattr(streamlit_folium, "st_folium", lambda *args, **kwargs: clicked)
    at = app.run()
    assert not at.exception
    body = html_text(at)
    assert "pa-facts" in body
    assert body.count('class="pa-passage"') == len({m.passage for m in chosen.mentions})
    assert at.session_state["atlas.selected"] == chosen.key


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
    at.switch_page("pages/articles.py").run()
    names = at.selectbox(key="articles.correct_name")
    lisbon = next(o for o in names.options if o.lower() == "lisbon")
    names.select(lisbon).run()
    at.radio(key="articles.correct_choice").set_value("__not_a_place__").run()
    at.button(key="articles.save_correction").click().run()
    assert not at.exception
    at.switch_page("pages/places.py").run()
    table = at.dataframe[0].value
    assert "Lisbon" not in list(table["name"])
    assert "Porto" in list(table["name"])


def test_bad_upload_message(app):
    at = app.run()
    at.switch_page("pages/articles.py").run()
    at.button[0].click().run()   # nothing pasted, no file
    assert not at.exception
    assert any("Paste some text" in e.value for e in at.error)


def test_an_approximate_pin_can_be_kept_or_corrected(app, app_data):
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
    at.switch_page("pages/articles.py").run()
    at.selectbox(key="articles.correct_name").select("stockholm").run()
    assert any("approximate" in c.value for c in at.caption)
    choices = at.radio(key="articles.correct_choice")
    assert choices.value == "__keep_pin__", "the pin, not a namesake, is what saving leaves unchanged"
    assert any("approximate" in label for label in choices.options)
    choices.set_value(sweden).run()
    at.button(key="articles.save_correction").click().run()
    assert not at.exception
    at.switch_page("pages/places.py").run()
    table = at.dataframe[0].value
    assert list(table.loc[table["name"] == "Stockholm", "country"]) == ["SE"]
    # Keeping the pin takes the correction back.
    at.switch_page("pages/articles.py").run()
    at.selectbox(key="articles.correct_name").select("stockholm").run()
    at.radio(key="articles.correct_choice").set_value("__keep_pin__").run()
    at.button(key="articles.save_correction").click().run()
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


def test_a_correction_for_an_article_deleted_in_another_window_is_refused(app):
    from streamlit.testing.v1 import AppTest

    from geo.workspace import Workspace
    first = _paste(app.run(), "Floods in Herat\n\nRain closed the roads to Herat and Kandahar on Monday.\n")
    article_id = first.session_state["atlas.article_id"]
    first.switch_page("pages/articles.py").run()
    names = first.selectbox(key="articles.correct_name")
    names.select(next(o for o in names.options if o.lower() == "herat")).run()
    first.radio(key="articles.correct_choice").set_value("__not_a_place__").run()

    # Another window deletes the article the first one has open on the corrections form.
    second = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    second.switch_page("pages/articles.py").run()
    second.selectbox(key="articles.choice").select(article_id).run()
    second.checkbox(key="articles.confirm_delete").check().run()
    second.button(key="articles.delete").click().run()
    assert not second.exception

    first.button(key="articles.save_correction").click().run()
    assert not first.exception
    assert any("deleted in another window" in e.value for e in first.error), [e.value for e in first.error]
    assert not any("Saved" in s.value for s in first.success)
    workspace = Workspace.open()
    assert all(workspace.corrections(a.id) == () for a in workspace.list_articles()), \
        "the correction landed on another article"


def test_the_same_text_under_a_new_title_says_the_old_title_is_kept(app):
    text = "Storm over Lisbon\n\nWind closed the port of Lisbon on Friday.\n"
    at = _paste(app.run(), text, title="First title")
    assert any("Saved and opened the new article" in s.value for s in at.success)
    at = _paste(at, text, title="Second title")
    messages = [s.value for s in at.success]
    assert any("already saved as \u201cFirst title\u201d" in m for m in messages), messages
    assert not any("Saved and opened the new article" in m for m in messages)
