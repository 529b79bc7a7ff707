"""A folium map of a parsed article: pure map building, no Streamlit.

Every asset the map needs is served by the app itself (``/app/static/...``): one
failing CDN link leaves the map blank inside st_folium, so folium's default links are
replaced, not extended. Places are one ``GeoJson`` FeatureCollection whose features
carry ``properties.id`` (the place key): one template to render, so it stays fast with
hundreds of places, and a click comes back as that id.

>>> from geo.model import ParseResult
>>> m = build_map(ParseResult("", (), (), (), ()))
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import folium
import xyzservices.providers as xyz
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

from geo.limits import current_limits
from geo.model import ParseResult, ResolvedPlace, is_placed_within

DEFAULT_STATIC_URL = "/app/static"
# Above this many places, points are clustered so the map stays readable and fast.
CLUSTER_THRESHOLD = 60
MAX_ZOOM = 18
# Types whose two-point extent is the corners of a box (as in geo.export), else a line.
_BOX_TYPES = frozenset({"mountains", "region", "desert", "plateau"})


@dataclass(frozen=True, slots=True)
class Style:
    """How one group of feature types looks on the map and in the legend."""

    label: str
    color: str
    radius: int
    zoom: int                   # zoom to fly to when a place of this group is chosen


STYLES: dict[str, Style] = {
    "country": Style("Country", "#6a3d9a", 9, 5),
    "region": Style("Region / admin area", "#1f78b4", 8, 7),
    "city": Style("City / town", "#d7301f", 6, 10),
    "valley": Style("Valley", "#2b9348", 8, 10),
    "pass": Style("Pass / tunnel", "#ff7f00", 7, 11),
    "mountains": Style("Mountains", "#8c510a", 8, 7),
    "water": Style("River / lake / sea", "#0096c7", 7, 7),
    "other": Style("Other", "#555555", 6, 9),
}
_GROUP_OF_TYPE = {
    "continent": "country", "country": "country", "historical_country": "country",
    "admin1": "region", "admin2": "region", "region": "region", "plain": "region",
    "desert": "region", "plateau": "region", "island": "region",
    "city": "city", "valley": "valley", "pass": "pass", "tunnel": "pass",
    "mountains": "mountains", "mountain": "mountains",
    "river": "water", "lake": "water", "sea": "water",
}


def style_group(feature_type: str) -> str:
    """The legend group of a gazetteer feature type.

    >>> style_group("tunnel"), style_group("admin1"), style_group("nonsense")
    ('pass', 'region', 'other')
    """
    return _GROUP_OF_TYPE.get(feature_type, "other")


def focus_zoom(place: ResolvedPlace) -> int:
    """The zoom at which a chosen place is best seen."""
    if place.place is None:
        return 5
    return STYLES[style_group(place.place.feature_type)].zoom


def asset_urls(static_url: str = DEFAULT_STATIC_URL) -> dict[str, str]:
    """Where the vendored Leaflet files are served.

    >>> asset_urls("/base/app/static")["leaflet_js"]
    '/base/app/static/vendor/leaflet/leaflet.js'
    """
    vendor = static_url.rstrip("/") + "/vendor"
    return {
        "leaflet_js": f"{vendor}/leaflet/leaflet.js",
        "leaflet_css": f"{vendor}/leaflet/leaflet.css",
        "leaflet_images": f"{vendor}/leaflet/images/",
        "cluster_js": f"{vendor}/leaflet.markercluster/leaflet.markercluster.js",
        "cluster_css": f"{vendor}/leaflet.markercluster/MarkerCluster.css",
        "cluster_default_css": f"{vendor}/leaflet.markercluster/MarkerCluster.Default.css",
        "placeholder_tile": static_url.rstrip("/") + "/placeholder-tile.png",
        "countries": static_url.rstrip("/") + "/countries.geojson",
    }


def use_local_assets(static_url: str = DEFAULT_STATIC_URL) -> None:
    """Point folium's Map and MarkerCluster at the app's own copies of Leaflet.

    Replaces the class-level link lists (jQuery, Bootstrap, Font Awesome, ... are
    dropped: nothing this module draws needs them). Idempotent.
    """
    urls = asset_urls(static_url)
    folium.Map.default_js = [("leaflet", urls["leaflet_js"])]
    folium.Map.default_css = [("leaflet_css", urls["leaflet_css"])]
    MarkerCluster.default_js = [("markerclusterjs", urls["cluster_js"])]
    MarkerCluster.default_css = [
        ("markerclustercss", urls["cluster_css"]),
        ("markerclusterdefaultcss", urls["cluster_default_css"]),
    ]


class _Script(MacroElement):
    """A fixed piece of JavaScript run after its parent is created.

    Only constants and ``json.dumps`` output go in here, never raw article text.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
    """)

    def __init__(self, code: str, *, name: str = "Script") -> None:
        super().__init__()
        self._name = name
        self.code = code


def _icon_path_script(images_url: str) -> _Script:
    # Leaflet guesses its icon folder from the CSS link, which st_folium adds too late.
    return _Script(f"L.Icon.Default.imagePath = {json.dumps(images_url)};", name="IconPath")


def _legend_script(map_name: str) -> _Script:
    rows = "".join(
        f'<div><span style="display:inline-block;width:11px;height:11px;border-radius:50%;'
        f'background:{s.color};margin-right:6px;vertical-align:middle"></span>{html.escape(s.label)}</div>'
        for s in STYLES.values()
    )
    box = ('<div class="pa-legend" style="background:rgba(255,255,255,.9);padding:6px 8px;border-radius:4px;'
           'font:12px/1.5 sans-serif;box-shadow:0 0 4px rgba(0,0,0,.3)">' + rows + "</div>")
    return _Script(
        "(function(){var legend = L.control({position: 'bottomleft'});\n"
        f"legend.onAdd = function() {{ var d = L.DomUtil.create('div'); d.innerHTML = {json.dumps(box)}; return d; }};\n"
        f"legend.addTo({map_name});}})();",
        name="Legend",
    )


def _outline_script(group_name: str, map_name: str, url: str) -> _Script:
    # Fetched by URL at run time: inlining 2 MB of outlines would make every rerun slow.
    return _Script(
        "(function(){\n"
        f"var map = {map_name};\n"
        "if (!map.getPane('pa-outlines')) { var pane = map.createPane('pa-outlines');\n"
        "  pane.style.zIndex = 350; pane.style.pointerEvents = 'none'; }\n"
        f"fetch({json.dumps(url)}).then(function(r) {{ return r.json(); }}).then(function(data) {{\n"
        "  L.geoJSON(data, {pane: 'pa-outlines', interactive: false,\n"
        "    style: {color: '#4a4a4a', weight: 0.8, fill: true, fillColor: '#f2efe9', fillOpacity: 0.35}})\n"
        f"   .addTo({group_name});\n"
        "}).catch(function(e) { console.warn('country outlines unavailable', e); });\n"
        "})();",
        name="CountryOutlines",
    )


def _tip(place: ResolvedPlace) -> str:
    count = len(place.mentions)
    kind = place.place.feature_type if place.place else ""
    corrected = " · corrected" if place.corrected else ""
    approximate = " · approximate" if place.place and is_placed_within(place.place) else ""
    # GeoJsonTooltip puts properties into innerHTML unescaped, so escape here.
    return (f"<b>{html.escape(place.name)}</b><br>{count} mention{'s' if count != 1 else ''}"
            f" · {html.escape(kind)}{corrected}{approximate}")


def _properties(place: ResolvedPlace) -> dict[str, Any]:
    assert place.place is not None
    group = style_group(place.place.feature_type)
    return {
        "id": place.key, "name": place.name, "feature_type": place.place.feature_type,
        "group": group, "mentions": len(place.mentions), "tip": _tip(place),
        "corrected": place.corrected,
    }


def mapped_places(result: ParseResult, limit: int | None = None) -> tuple[ResolvedPlace, ...]:
    """The places drawn on the map: all of them, or the ``limit`` most mentioned
    (PASSAGE_ATLAS_MAX_PLACES) so a text naming thousands stays usable; the table and
    the exports always hold every place.

    >>> mapped_places(ParseResult("", (), (), (), ()), 10)
    ()
    """
    places = tuple(rp for rp in result.places if rp.place is not None)
    if limit is None or len(places) <= limit:
        return places
    chosen = set(sorted(range(len(places)), key=lambda i: (-len(places[i].mentions), i))[:limit])
    return tuple(rp for i, rp in enumerate(places) if i in chosen)


def place_features(result: ParseResult, limit: int | None = None) -> list[dict[str, Any]]:
    """One GeoJSON Point feature per resolved place, ``properties.id`` = place key."""
    features = []
    # Places on one spot (Russia and the Soviet Union): the earlier ones are drawn first,
    # underneath, as larger rings, so every one of them keeps a rim that can be clicked.
    stacked: dict[tuple[float, float], int] = {}
    placed = [rp for rp in mapped_places(result, limit) if rp.place is not None]
    for rp in placed:
        spot = (round(rp.place.lat, 2), round(rp.place.lon, 2))
        stacked[spot] = stacked.get(spot, 0) + 1
    for rp in placed:
        spot = (round(rp.place.lat, 2), round(rp.place.lon, 2))
        stacked[spot] -= 1
        properties = _properties(rp)
        properties["ring"] = stacked[spot]   # how many places lie on top of this one
        features.append({
            "type": "Feature", "id": rp.key,
            "geometry": {"type": "Point", "coordinates": [rp.place.lon, rp.place.lat]},
            "properties": properties,
        })
    return features


def extent_features(result: ParseResult, limit: int | None = None) -> list[dict[str, Any]]:
    """Lines (valleys, rivers, ranges drawn as a line) and boxes for places with an extent."""
    features = []
    for rp in mapped_places(result, limit):
        place = rp.place
        if place is None or len(place.extent) < 2:
            continue
        points = [[lon, lat] for lat, lon in place.extent]
        if place.feature_type in _BOX_TYPES and len(points) == 2:
            (w, s), (e, n) = (min(p[0] for p in points), min(p[1] for p in points)), \
                             (max(p[0] for p in points), max(p[1] for p in points))
            geometry = {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
        else:
            geometry = {"type": "LineString", "coordinates": points}
        features.append({"type": "Feature", "id": "extent:" + rp.key, "geometry": geometry,
                         "properties": _properties(rp)})
    return features


RING_STEP = 5   # pixels of rim left visible around each place drawn on top at one spot


def _point_style(feature: dict[str, Any]) -> dict[str, Any]:
    style = STYLES[feature["properties"]["group"]]
    return {"color": "#222222" if feature["properties"]["corrected"] else "#ffffff", "weight": 1.5, "fill": True,
            "fillColor": style.color, "fillOpacity": 0.9,
            "radius": style.radius + RING_STEP * feature["properties"].get("ring", 0)}


def _extent_style(feature: dict[str, Any]) -> dict[str, Any]:
    style = STYLES[feature["properties"]["group"]]
    return {"color": style.color, "weight": 4, "opacity": 0.75, "fillColor": style.color, "fillOpacity": 0.08}


def result_bounds(result: ParseResult, *, focus: bool = False) -> list[list[float]] | None:
    """South-west and north-east corners around the resolved places (and extents).

    With ``focus``, only the places inside the article's focus country that are smaller
    than a country: an article about the Panjshir Valley that also names Moscow and Paris
    opens on Afghanistan, not on the whole world. Falls back to every place.
    """
    places = [rp.place for rp in result.places if rp.place is not None]
    if focus and result.focus.country_code:
        local = [p for p in places if p.country_code == result.focus.country_code
                 and p.feature_type not in ("country", "continent", "historical_country")]
        if local:
            places = local
    points = [(p.lat, p.lon) for p in places]
    # Lines (a valley, a river) belong in the frame; a mountain range's box would swamp
    # the places a focused article is about, so there only its point counts.
    points += [pt for p in places if not (focus and len(p.extent) == 2) for pt in p.extent]
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _tile_layers(placeholder: str) -> Iterable[folium.TileLayer]:
    providers = ((xyz.OpenStreetMap.Mapnik, "OpenStreetMap"), (xyz.OpenTopoMap, "OpenTopoMap (terrain)"),
                 (xyz.Esri.WorldImagery, "Esri World Imagery"))
    for index, (provider, name) in enumerate(providers):
        yield folium.TileLayer(
            tiles=provider.build_url(), attr=provider.html_attribution, name=name,
            max_zoom=min(int(provider.get("max_zoom", MAX_ZOOM)), MAX_ZOOM), max_native_zoom=provider.get("max_zoom"),
            # Offline, a failed tile shows a neutral placeholder instead of a broken image.
            error_tile_url=placeholder,
            show=index == 0,        # base layers: only the first is on at start
        )


def build_map(result: ParseResult, *, static_url: str = DEFAULT_STATIC_URL,
              cluster: bool | None = None, frame_focus: bool = True, max_places: int | None = None) -> folium.Map:
    """A fresh folium Map of the article's resolved places.

    Build a new one on every Streamlit run (never cache the Map: re-rendering an
    object emits different JavaScript and st_folium would remount the iframe).
    ``cluster`` defaults to clustering above :data:`CLUSTER_THRESHOLD` places;
    ``frame_focus`` opens on the article's focus country rather than on every place.
    """
    use_local_assets(static_url)
    urls = asset_urls(static_url)
    m = folium.Map(location=[20, 0], zoom_start=2, tiles=None, max_zoom=MAX_ZOOM, control_scale=True,
                   prefer_canvas=False)
    _icon_path_script(urls["leaflet_images"]).add_to(m)
    for layer in _tile_layers(urls["placeholder_tile"]):
        layer.add_to(m)

    outlines = folium.FeatureGroup(name="Country outlines (offline)", overlay=True, show=True)
    _outline_script(outlines.get_name(), m.get_name(), urls["countries"]).add_to(outlines)
    outlines.add_to(m)

    limit = max_places if max_places is not None else current_limits().max_places
    extents = extent_features(result, limit)
    if extents:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": extents}, name="Extents (valleys, ranges, rivers)",
            style_function=_extent_style, tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        ).add_to(m)

    points = place_features(result, limit)
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": points}, name="Places",
        marker=folium.CircleMarker(), style_function=_point_style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    )
    if cluster is None:
        cluster = len(points) > CLUSTER_THRESHOLD
    if cluster:
        group = MarkerCluster(name="Places", options={"maxClusterRadius": 40, "spiderfyOnMaxZoom": True})
        layer.add_to(group)
        group.add_to(m)
    else:
        layer.add_to(m)

    _legend_script(m.get_name()).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    bounds = result_bounds(result, focus=frame_focus)
    if bounds is not None:
        if bounds[0] == bounds[1]:
            m.location = bounds[0]
            m.options["zoom"] = 8
        else:
            m.fit_bounds(bounds, padding=(20, 20), max_zoom=10)
    return m


def selection_layer(result: ParseResult, key: str | None) -> folium.FeatureGroup:
    """A ring around the chosen place (for st_folium's ``feature_group_to_add``).

    Not interactive, so a click on the ring still reaches the place beneath.
    """
    group = folium.FeatureGroup(name="Selected place", control=False)
    place = result.place(key) if key else None
    if place is not None and place.place is not None:
        shapes = []
        if len(place.place.extent) >= 2:
            shapes.append(folium.PolyLine([list(pt) for pt in place.place.extent], color="#ffd400", weight=8,
                                          opacity=0.6))
        shapes.append(folium.CircleMarker([place.place.lat, place.place.lon], radius=16, color="#111111", weight=3,
                                          fill=True, fill_color="#ffd400", fill_opacity=0.35))
        for shape in shapes:
            # folium drops an ``interactive`` keyword, so set the Leaflet option directly.
            shape.options["interactive"] = False
            shape.add_to(group)
    return group
