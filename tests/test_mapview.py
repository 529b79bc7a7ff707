"""geo.mapview: the folium element tree, local assets only, hostile names escaped."""

from __future__ import annotations

import dataclasses
import json
import re

import folium
import pytest
from folium.plugins import MarkerCluster

from gazetteer.model import Place
from geo.map_elements import Legend, PlaceLink
from geo.mapview import CLUSTER_THRESHOLD, build_map, extent_features, place_features, result_bounds
from geo.model import Mention, ParseResult, Passage, ResolvedPlace

HOSTILE = "</script><script>alert('x')</script><img src=x onerror=alert(1)>`${alert(2)}`\"'"
CDN_HOSTS = ("cdn.jsdelivr", "cdnjs", "unpkg", "code.jquery", "bootstrapcdn", "netdna", "fontawesome", "googleapis")


def _place(key: str, name: str, lat: float, lon: float, feature_type: str = "city",
           extent: tuple = ()) -> Place:
    return Place(key, name, feature_type, "XX", lat, lon, extent=extent)


def _result(*places: Place, names: tuple[str, ...] | None = None) -> ParseResult:
    names = names or tuple(p.name for p in places)
    text = " ".join(names)
    resolved, cursor = [], 0
    for place, name in zip(places, names):
        start = text.index(name, cursor)
        cursor = start + len(name)
        resolved.append(ResolvedPlace(place.id, name, place, (Mention(start, cursor, name, 0),), score=0.9))
    return ParseResult(text, (Passage(0, 0, len(text)),), tuple(resolved), (), ())


def _render(m: folium.Map) -> str:
    return m.get_root().render()


def _children(element, kind):
    found = []
    for child in element._children.values():
        if isinstance(child, kind):
            found.append(child)
        found.extend(_children(child, kind))
    return found


def test_one_geojson_layer_whose_features_carry_ids():
    result = _result(_place("gn:1", "Alpha", 10, 20), _place("gn:2", "Beta", 11, 21),
                     _place("cur:v", "Gamma", 12, 22, "valley", ((12, 21.5), (12.2, 22.5))))
    m = build_map(result)
    layers = [g for g in _children(m, folium.GeoJson) if g.layer_name == "Places"]
    assert len(layers) == 1
    ids = [f["properties"]["id"] for f in layers[0].data["features"]]
    assert ids == ["gn:1", "gn:2", "cur:v"]
    extents = [g for g in _children(m, folium.GeoJson) if g.layer_name != "Places"]
    assert len(extents) == 1
    assert extents[0].data["features"][0]["geometry"]["type"] == "LineString"
    assert extents[0].data["features"][0]["properties"]["id"] == "cur:v"


def test_a_range_known_by_its_box_is_a_point_with_a_halo_never_a_box():
    result = _result(_place("cur:m", "Range", 35, 70, "mountains", ((33, 66), (37, 74))))
    assert extent_features(result) == []
    [point] = place_features(result)
    assert point["geometry"] == {"type": "Point", "coordinates": [70, 35]}
    assert point["properties"]["halo"] > 200_000          # metres: about the box's size
    # The frame is the range's point, not its box (which would swamp the article's places).
    assert result_bounds(result) == [[35, 70], [35, 70]]
    assert "Polygon" not in _render(build_map(result))


def test_only_local_assets_and_no_cdn_anywhere():
    result = _result(*(_place(f"gn:{i}", f"Town{i}", i % 80, i % 170) for i in range(CLUSTER_THRESHOLD + 5)))
    m = build_map(result)
    assert _children(m, MarkerCluster), "many places are clustered"
    html = _render(m)
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links
    for host in CDN_HOSTS:
        assert host not in html
    assert 'L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"' in html
    assert "/app/static/placeholder-tile.png" in html
    assert 'fetch("/app/static/countries.geojson")' in html
    # st_folium reads the links from the elements' default_js/default_css.
    for element in [m, *_children(m, MarkerCluster)]:
        for _name, url in list(element.default_js) + list(element.default_css):
            assert url.startswith("/app/static/vendor/"), url


def test_outlines_are_fetched_not_inlined():
    html = _render(build_map(_result(_place("gn:1", "Alpha", 10, 20))))
    assert len(html) < 200_000
    assert "MultiPolygon" not in html


def test_few_places_are_not_clustered_and_tiles_have_placeholders():
    m = build_map(_result(_place("gn:1", "Alpha", 10, 20)))
    assert not _children(m, MarkerCluster)
    tiles = _children(m, folium.TileLayer)
    assert len(tiles) == 3
    assert all(t.options["error_tile_url"] == "/app/static/placeholder-tile.png" for t in tiles)
    assert _render(m).count('"errorTileUrl": "/app/static/placeholder-tile.png"') == 3
    assert [t.show for t in tiles] == [True, False, False]
    assert _children(m, folium.LayerControl)


def test_hostile_names_are_escaped():
    result = _result(_place("gn:1", HOSTILE, 10, 20), names=(HOSTILE,))
    [feature] = place_features(result)
    tip = feature["properties"]["tip"]
    assert "<script>" not in tip and "<img" not in tip
    assert "&lt;script&gt;" in tip
    html = _render(build_map(result))
    # Article text reaches the page only as JSON data, with < and > escaped.
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "</script><script>alert" not in html


def test_clicks_labels_and_toggles_are_wired_on_the_client():
    result = _result(_place("gn:1", "Alpha", 10, 20), _place("gn:2", "Beta", 11, 21, "valley"))
    m = build_map(result)
    [link] = _children(m, PlaceLink)
    assert link.settings["role"] == "reading"
    assert set(link.settings["label_zooms"]) == set(link.settings["zooms"])
    [legend] = _children(m, Legend)
    assert [row["group"] for row in legend.rows][:3] == ["country", "region", "city"]
    html = _render(m)
    assert "passage-atlas:select" in html and "__passageAtlasMap" in html
    assert ".pa-show-valley .pa-label-valley" in html   # labels appear by zoom, per type
    assert "@media print" in html


def test_extra_layers_are_added_before_the_legend():
    seen = []
    m = build_map(_result(_place("gn:1", "Alpha", 10, 20)),
                  extra_layers=[lambda m, r: seen.append(len(r.places)) or folium.FeatureGroup(name="Derived").add_to(m)])
    assert seen == [1]
    names = [type(c).__name__ for c in m._children.values()]
    assert names.index("FeatureGroup") < names.index("Legend")


def test_same_result_gives_same_script():
    # st_folium remounts the map whenever its script changes between reruns.
    from streamlit_folium import _get_map_string
    result = _result(_place("gn:1", "Alpha", 10, 20), _place("gn:2", "Beta", 11, 21))
    first = build_map(result)
    first.render()
    second = build_map(result)
    second.render()
    assert _get_map_string(first) == _get_map_string(second)


def test_the_map_opens_on_the_focus_country_and_can_show_everything():
    from geo.model import Focus
    local = dataclasses.replace(_place("gn:1", "Kabul", 34.5, 69.2), country_code="AF")
    valley = dataclasses.replace(_place("cur:v", "Valley", 35.3, 69.6, "valley"), country_code="AF")
    country = dataclasses.replace(_place("gn:3", "Afghanistan", 33.0, 65.0, "country"), country_code="AF")
    far = dataclasses.replace(_place("gn:2", "Paris", 48.9, 2.35), country_code="FR")
    result = dataclasses.replace(_result(local, valley, country, far), focus=Focus("AF", "Afghanistan", "Kabul"))
    assert result_bounds(result, focus=True) == [[34.5, 69.2], [35.3, 69.6]]
    assert result_bounds(result) == [[33.0, 2.35], [48.9, 69.6]]


def test_a_text_naming_more_places_than_the_limit_maps_the_most_mentioned():
    from geo.mapview import mapped_places
    places = [_place(f"gn:{i}", f"Town{i}", i % 80, i % 170) for i in range(12)]
    result = _result(*places)
    busy = dataclasses.replace(result.places[7], mentions=result.places[7].mentions * 3)
    result = dataclasses.replace(result, places=result.places[:7] + (busy,) + result.places[8:])
    kept = mapped_places(result, 5)
    assert len(kept) == 5 and busy in kept
    assert [rp.key for rp in kept] == sorted((rp.key for rp in kept), key=lambda k: int(k.split(":")[1]))
    m = build_map(result, max_places=5)
    [layer] = [g for g in _children(m, folium.GeoJson) if g.layer_name == "Places"]
    assert len(layer.data["features"]) == 5


def test_places_on_one_spot_stay_clickable_as_rings():
    from geo.mapview import RING_STEP, STYLES, _point_style
    russia = _place("gn:1", "Russia", 60.0, 100.0, "country")
    soviet = _place("hist:su", "Soviet Union", 60.0, 100.0, "historical_country")
    alone = _place("gn:2", "Kabul", 34.5, 69.2)
    features = {f["id"]: f for f in place_features(_result(russia, soviet, alone))}
    assert features["gn:1"]["properties"]["ring"] == 1      # drawn first, under the other
    assert features["hist:su"]["properties"]["ring"] == 0
    assert features["gn:2"]["properties"]["ring"] == 0
    under, over = _point_style(features["gn:1"]), _point_style(features["hist:su"])
    assert under["radius"] == STYLES[features["gn:1"]["properties"]["group"]].radius + RING_STEP
    assert over["radius"] == STYLES[features["hist:su"]["properties"]["group"]].radius


def test_an_approximate_pin_says_so_in_its_tooltip(full_gazetteer):
    from geo.mapview import place_features
    from geo.pipeline import parse
    result = parse("Stockholm is a farming town in Kingfisher County, Oklahoma.", full_gazetteer)
    tips = {f["properties"]["name"]: f["properties"]["tip"] for f in place_features(result)}
    assert "approximate" in tips["Stockholm"]
    assert "approximate" not in tips["Kingfisher County"]
