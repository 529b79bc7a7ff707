"""A folium map of a parsed article: pure map building, no Streamlit.

The map is composed of folium elements (``geo.map_elements``): an ``AtlasMap`` whose
Leaflet is served by the app itself, one ``GeoJson`` FeatureCollection of places whose
features carry ``properties.id`` (the place key: one template to render, so it stays
fast with hundreds of places), lines for traced valleys and rivers, and a ``PlaceLink``
that selects, labels and links places on the client. Shapes come from
``geo.geometry.place_shape``, the function the exports use too.

>>> from geo.model import ParseResult
>>> m = build_map(ParseResult("", (), (), (), ()))
>>> type(m).__name__
'AtlasMap'
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import folium
import xyzservices.providers as xyz

from geo.geometry import place_shape, shape_bounds
from geo.limits import current_limits
from geo.map_elements import (DEFAULT_STATIC_URL, AtlasCluster, AtlasMap, CountryOutlines, IconPath, Legend,
                              MapStyle, PlaceLink, asset_urls)
from gazetteer.model import Place
from geo.model import ParseResult, ResolvedPlace, is_placed_within

__all__ = ["CLUSTER_THRESHOLD", "DEFAULT_STATIC_URL", "MAX_ZOOM", "STYLES", "LinkedLayer", "asset_urls", "build_map",
           "focus_zoom", "mapped_places", "candidates_map", "place_features", "extent_features", "result_bounds",
           "style_group", "tile_layers"]

# Above this many places, points are clustered so the map stays readable and fast; below
# it every place keeps its own clickable, labelled marker.
CLUSTER_THRESHOLD = 400
MAX_ZOOM = 18


@dataclass(frozen=True, slots=True)
class Style:
    """How one group of feature types looks on the map and in the legend."""

    label: str
    color: str
    radius: int
    zoom: int                   # zoom to fly to when a place of this group is chosen
    label_zoom: int             # from this zoom on, its markers carry their names


STYLES: dict[str, Style] = {
    "country": Style("Country", "#6a3d9a", 9, 5, 3),
    "region": Style("Region / admin area", "#1f78b4", 8, 7, 6),
    "city": Style("City / town", "#d7301f", 6, 10, 6),
    "valley": Style("Valley", "#2b9348", 8, 10, 7),
    "pass": Style("Pass / tunnel", "#ff7f00", 7, 11, 8),
    "mountains": Style("Mountains", "#8c510a", 8, 7, 5),
    "water": Style("River / lake / sea", "#0096c7", 7, 7, 6),
    "other": Style("Other", "#555555", 6, 9, 8),
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
    shape = place_shape(place.place)
    return {
        "id": place.key, "name": place.name, "feature_type": place.place.feature_type,
        "group": group, "mentions": len(place.mentions), "tip": _tip(place),
        "corrected": place.corrected,
        "halo": round(shape.halo_km * 1000),          # metres: Leaflet circles take metres
        # A selected country is outlined (static/countries.geojson is keyed by ISO code).
        "outline": place.place.country_code if place.place.feature_type == "country" else "",
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
    """Lines for places the gazetteer traces (valleys, rivers); never a box."""
    features = []
    for rp in mapped_places(result, limit):
        if rp.place is None:
            continue
        shape = place_shape(rp.place)
        if shape.is_line:
            features.append({"type": "Feature", "id": "extent:" + rp.key, "geometry": shape.geometry,
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
    """South-west and north-east corners around the resolved places and their lines.

    With ``focus``, only the places inside the article's focus country that are smaller
    than a country: an article about the Panjshir Valley that also names Moscow and Paris
    opens on Afghanistan, not on the whole world. Falls back to every place. Halos do
    not widen the frame: a mountain range's halo would swamp the places an article is
    about.
    """
    places = [rp.place for rp in result.places if rp.place is not None]
    if focus and result.focus.country_code:
        local = [p for p in places if p.country_code == result.focus.country_code
                 and p.feature_type not in ("country", "continent", "historical_country")]
        if local:
            places = local
    if not places:
        return None
    boxes = [shape_bounds(dataclasses.replace(place_shape(p), halo_km=0.0)) for p in places]
    return [[min(b[0] for b in boxes), min(b[1] for b in boxes)], [max(b[2] for b in boxes), max(b[3] for b in boxes)]]


def tile_layers(placeholder: str) -> Iterable[folium.TileLayer]:
    """The base layers every map of the app offers (OpenStreetMap on at start, terrain
    and imagery to switch to); offline, a failed tile shows ``placeholder`` instead.

    >>> [layer.layer_name for layer in tile_layers("/app/static/placeholder-tile.png")][0]
    'OpenStreetMap'
    """
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


class LinkedLayer(folium.FeatureGroup):
    """A layer an ``extra_layers`` callback adds whose features the map treats like
    places: clicked, they are selected and the page hears of it; the page can fly to
    them by key; the legend has a row for them that shows and hides them.

    ``features`` is the GeoJson layer inside the group; each feature's properties carry
    ``id`` (the key the page selects it by) and ``group`` (= ``legend["group"]``).
    ``legend`` is the legend row: ``group``, ``label``, ``color`` and ``shape``
    ("area" draws a dashed square swatch instead of a dot).
    """

    def __init__(self, features: folium.GeoJson, *, legend: dict[str, str], zoom: int = 9, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.features = features
        self.legend = dict(legend)
        self.zoom = zoom
        features.add_to(self)


# An extra layer adds itself to the map; a LinkedLayer it returns is linked like places.
MapLayer = Callable[[folium.Map, ParseResult], "LinkedLayer | None"]


def build_map(result: ParseResult, *, static_url: str = DEFAULT_STATIC_URL, cluster: bool | None = None,
              frame_focus: bool = True, max_places: int | None = None, role: str = "reading",
              extra_layers: Iterable[MapLayer] = ()) -> AtlasMap:
    """A fresh folium Map of the article's resolved places.

    Never cache the Map itself (re-rendering an object emits different JavaScript
    and st_folium would remount the iframe); the reading view caches what st_folium
    would send for it instead (pages/map_frame.py).
    ``cluster`` defaults to clustering above :data:`CLUSTER_THRESHOLD` places;
    ``frame_focus`` opens on the article's focus country rather than on every place;
    ``role`` names the map in the events it sends to the page; each of
    ``extra_layers`` adds its own layers (derived places, say) before the legend; one
    that returns a :class:`LinkedLayer` is selected, flown to and toggled like places.
    """
    urls = asset_urls(static_url)
    m = AtlasMap(static_url=static_url, location=[20, 0], zoom_start=2, tiles=None, max_zoom=MAX_ZOOM,
                 control_scale=True, prefer_canvas=False)
    IconPath(urls["leaflet_images"]).add_to(m)
    MapStyle(list(STYLES)).add_to(m)
    for layer in tile_layers(urls["placeholder_tile"]):
        layer.add_to(m)

    outlines = folium.FeatureGroup(name="Country outlines (offline)", overlay=True, show=True)
    CountryOutlines(urls["countries"], map_name=m.get_name()).add_to(outlines)
    outlines.add_to(m)

    limit = max_places if max_places is not None else current_limits().max_places
    lines = extent_features(result, limit)
    extents = None
    if lines:
        extents = folium.GeoJson(
            {"type": "FeatureCollection", "features": lines}, name="Valleys and rivers (traced)",
            style_function=_extent_style, tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        )
        extents.add_to(m)

    points = place_features(result, limit)
    places = folium.GeoJson(
        {"type": "FeatureCollection", "features": points}, name="Places",
        marker=folium.CircleMarker(), style_function=_point_style,
        # folium checks the tooltip's field against the features: none, no tooltip.
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False) if points else None,
    )
    if cluster is None:
        cluster = len(points) > CLUSTER_THRESHOLD
    holder: folium.Element = places
    if cluster:
        holder = AtlasCluster(static_url=static_url, name="Places",
                              options={"maxClusterRadius": 40, "spiderfyOnMaxZoom": True})
        places.add_to(holder)
        holder.add_to(m)
    else:
        places.add_to(m)

    linked = []
    for add_layer in extra_layers:
        added = add_layer(m, result)
        if isinstance(added, LinkedLayer):
            linked.append(added)
    Legend([{"group": key, "label": s.label, "color": s.color} for key, s in STYLES.items()]
           + [layer.legend for layer in linked]).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    zooms = {key: s.zoom for key, s in STYLES.items()} | {layer.legend["group"]: layer.zoom for layer in linked}
    PlaceLink(places, holder, extents, linked=[layer.features for layer in linked], settings={
        "role": role,
        "bounds": result_bounds(result, focus=frame_focus),
        "fit_max_zoom": 10,
        "zooms": zooms,
        # Clustered markers are labelled only once the clusters have opened.
        "label_zooms": {key: max(s.label_zoom, 9) if cluster else s.label_zoom for key, s in STYLES.items()},
    }).add_to(m)
    return m


def candidates_map(places: list[Place], *, static_url: str = DEFAULT_STATIC_URL) -> AtlasMap:
    """A small map of a name's candidates, numbered as the correction form lists them."""
    urls = asset_urls(static_url)
    m = AtlasMap(static_url=static_url, location=[20, 0], zoom_start=1, tiles=None, max_zoom=MAX_ZOOM)
    IconPath(urls["leaflet_images"]).add_to(m)
    MapStyle(list(STYLES)).add_to(m)
    outlines = folium.FeatureGroup(name="Country outlines", control=False)
    CountryOutlines(urls["countries"], map_name=m.get_name()).add_to(outlines)
    outlines.add_to(m)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                 "properties": {"label": str(number), "group": style_group(p.feature_type)}}
                for number, p in enumerate(places, start=1)]
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features}, name="Candidates",
            marker=folium.CircleMarker(radius=7, fill=True, fill_opacity=0.9, weight=1.5, color="#1a1a1a"),
            style_function=lambda f: {"fillColor": STYLES[f["properties"]["group"]].color},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, permanent=True, direction="right",
                                          class_name="pa-candidate"),
        ).add_to(m)
        lats = [p.lat for p in places]
        lons = [p.lon for p in places]
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20), max_zoom=8)
    return m
