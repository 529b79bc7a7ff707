"""A folium map of a whole corpus: every place, sized by the documents naming it.

Built from the article map's parts (``geo.mapview``, ``geo.map_elements``: the app's own
Leaflet, its base layers, offline outlines, one ``GeoJson`` layer whose features carry
``properties.id``, so a click comes back as the place id), clustered when there are
many places.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import folium

from geo.map_elements import DEFAULT_STATIC_URL, AtlasCluster, AtlasMap, CountryOutlines, IconPath, asset_urls
from geo.mapview import CLUSTER_THRESHOLD, MAX_ZOOM, STYLES, style_group, tile_layers

# Marker radius in pixels: grows with the square root of the number of documents, so
# area tracks the count, and stops growing where a marker would hide its neighbours.
MIN_RADIUS = 4.0
RADIUS_PER_SQRT_DOCUMENT = 2.0
MAX_RADIUS = 22.0


def marker_radius(documents: int) -> float:
    """The radius of a place naming in ``documents`` documents.

    >>> marker_radius(1), marker_radius(16), marker_radius(10_000)
    (6.0, 12.0, 22.0)
    """
    return min(MAX_RADIUS, MIN_RADIUS + RADIUS_PER_SQRT_DOCUMENT * math.sqrt(max(documents, 0)))


def corpus_features(places: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """GeoJSON point features of the places rows of ``geo.corpus.queries``."""
    features = []
    for place in places:
        if place.get("lat") is None or place.get("lon") is None:
            continue
        documents = int(place["documents"])
        # GeoJsonTooltip puts properties into innerHTML unescaped, so escape here.
        tip = (f"<b>{html.escape(str(place['name']))}</b><br>{documents:,} document{'s' if documents != 1 else ''}"
               f" · {int(place['mentions']):,} mentions · {html.escape(str(place.get('feature_type') or ''))}")
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
            "properties": {"id": place["place_id"], "name": place["name"], "documents": documents,
                           "group": style_group(place.get("feature_type") or "other"),
                           "radius": marker_radius(documents), "tip": tip},
        })
    return features


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    return {"color": "#ffffff", "weight": 1.2, "fill": True, "fillColor": STYLES[props["group"]].color,
            "fillOpacity": 0.8, "radius": props["radius"]}


def build_corpus_map(places: Sequence[dict[str, Any]], *, static_url: str = DEFAULT_STATIC_URL,
                     selected: str | None = None) -> AtlasMap:
    """A fresh map of ``places``; the ``selected`` place id gets a ring.

    >>> build_corpus_map([]).__class__.__name__
    'AtlasMap'
    """
    urls = asset_urls(static_url)
    m = AtlasMap(static_url=static_url, location=[20, 0], zoom_start=2, tiles=None, max_zoom=MAX_ZOOM,
                 control_scale=True)
    IconPath(urls["leaflet_images"]).add_to(m)
    for layer in tile_layers(urls["placeholder_tile"]):
        layer.add_to(m)
    outlines = folium.FeatureGroup(name="Country outlines (offline)", overlay=True, show=True)
    CountryOutlines(urls["countries"], map_name=m.get_name()).add_to(outlines)
    outlines.add_to(m)
    features = corpus_features(places)
    layer = folium.GeoJson({"type": "FeatureCollection", "features": features}, name="Places",
                           marker=folium.CircleMarker(), style_function=_style,
                           tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False))
    if len(features) > CLUSTER_THRESHOLD:
        group = AtlasCluster(static_url=static_url, name="Places", options={"maxClusterRadius": 40, "spiderfyOnMaxZoom": True})
        layer.add_to(group)
        group.add_to(m)
    else:
        layer.add_to(m)
    chosen = next((f for f in features if f["properties"]["id"] == selected), None)
    if chosen is not None:
        lon, lat = chosen["geometry"]["coordinates"]
        folium.CircleMarker([lat, lon], radius=chosen["properties"]["radius"] + 5, color="#d6336c", weight=3,
                            fill=False, interactive=False).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if features:
        lats = [f["geometry"]["coordinates"][1] for f in features]
        lons = [f["geometry"]["coordinates"][0] for f in features]
        if len(features) > 1:
            m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20), max_zoom=8)
        else:
            m.location = [lats[0], lons[0]]
            m.options["zoom"] = 6
    return m
