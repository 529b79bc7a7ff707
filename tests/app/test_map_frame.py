"""The reading view's map is built and rendered once per article and its corrections,
and mounts the same streamlit-folium component st_folium would."""

from __future__ import annotations

import json

import streamlit_folium

import geo.mapview
from geo.model import Mention, ParseResult, Passage, ResolvedPlace
from gazetteer.model import Place
from pages import map_frame


def _maps(at) -> list:
    return [c for c in at.get("component_instance") if "leaflet" in c.proto.json_args]


def _count_builds(monkeypatch) -> list:
    """A list that grows by one on every build of the map, from an empty map cache.
    (read.py imports build_map from geo.mapview on each run: every build is counted.)"""
    builds: list = []
    real = geo.mapview.build_map
    monkeypatch.setattr(geo.mapview, "build_map", lambda *a, **k: builds.append(1) or real(*a, **k))
    map_frame._rendered.clear()
    return builds


def test_the_map_is_built_once_per_article_not_on_every_rerun(app, monkeypatch):
    builds = _count_builds(monkeypatch)
    at = app.run()
    assert not at.exception
    first = json.loads(_maps(at)[0].proto.json_args)
    at.run()
    at.run()
    assert not at.exception
    assert len(builds) == 1
    # The rerun mounts the very same map (same script, so no remount of the iframe).
    again = json.loads(_maps(at)[0].proto.json_args)
    assert again["script"] == first["script"] and again["key"] == first["key"]


def test_another_framing_builds_the_map_again(app, monkeypatch):
    builds = _count_builds(monkeypatch)
    at = app.run()
    at.session_state["read.frame_all"] = True
    at.run()
    assert not at.exception
    assert len(builds) == 2


def _result() -> ParseResult:
    text = "From Alpha to <b>Beta</b>."
    alpha = Place("gn:1", "Alpha", "city", "AF", 34.5, 69.2)
    beta = Place("gn:2", "<b>Beta</b>", "valley", "AF", 35.3, 69.7)
    return ParseResult(text, (Passage(0, 0, len(text)),),
                       (ResolvedPlace("gn:1", "Alpha", alpha, (Mention(5, 10, "Alpha", 0),)),
                        ResolvedPlace("gn:2", "<b>Beta</b>", beta, (Mention(14, 25, "<b>Beta</b>", 0),))), (), ())


def test_component_args_are_what_st_folium_sends(monkeypatch):
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    streamlit_folium.st_folium(geo.mapview.build_map(_result()), key="read.map", height=470,
                               use_container_width=True, returned_objects=[])
    ours = map_frame.component_args(geo.mapview.build_map(_result()), key="read.map")
    # The key is st_folium's hash of the script with folium's random ids left out.
    assert ours["key"] == sent["key"]
    for name in ("header", "html", "id", "css_links", "js_links"):
        assert ours[name] == sent[name], name


def test_a_correction_builds_the_map_again(app, monkeypatch):
    from geo.corrections import Correction
    from pages import shared
    builds = _count_builds(monkeypatch)
    at = app.run()
    assert not at.exception
    workspace = shared.get_workspace()
    article_id = workspace.list_articles()[0].id
    workspace.set_correction(article_id, Correction("kabul", None))     # "not a place"
    at.run()
    assert not at.exception
    assert len(builds) == 2
