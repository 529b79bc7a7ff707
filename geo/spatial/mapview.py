"""Derived places on a folium map: one FeatureGroup of shaded areas and lines.

Drawn unlike named places (which are markers): dashed outlines, a hatched-looking
light fill, a single purple colour, so a reader sees at once that an area is computed
from a description. Text reaches the map only as GeoJSON property values, which folium
serialises as JSON; GeoJsonTooltip/GeoJsonPopup put them into innerHTML, so they are
HTML-escaped here first.
"""

from __future__ import annotations

import html

import folium
from shapely.geometry import mapping

from geo.mapview import LinkedLayer
from geo.model import ParseResult
from geo.spatial.model import DerivedPlace, derived_key

DERIVED_COLOUR = "#7b3294"
LAYER_NAME = "Described places"
LEGEND_GROUP = "derived"
LEGEND_LABEL = "Described area (drawn from the text)"
FOCUS_ZOOM = 9      # the most a selected area is zoomed in when flown to
# The areas' own pane, under Leaflet's overlay pane (z-index 400) where the place markers
# are: an area drawn over a named place (a valley "north of Kabul") never takes the
# marker's clicks, and stays clickable everywhere else.
DERIVED_PANE = "pa-derived"
DERIVED_PANE_Z_INDEX = 380


def _style(feature: dict) -> dict:
    line = feature["properties"].get("shape") == "line"
    return {"color": DERIVED_COLOUR, "weight": 4 if line else 2, "dashArray": "6 4",
            "fillColor": DERIVED_COLOUR, "fillOpacity": 0.0 if line else 0.12, "opacity": 0.9}


def _properties(item: DerivedPlace, index: int) -> dict:
    anchor = html.escape(item.anchor_names())
    key = derived_key(index)
    return {
        "key": key, "id": key, "group": LEGEND_GROUP,
        "shape": "area" if item.geometry.geom_type in ("Polygon", "MultiPolygon") else "line",
        "tip": f"<b>{html.escape(item.mention.text)}</b><br>described from {anchor}",
        "passage": item.mention.passage, "start": item.mention.start, "end": item.mention.end,
    }


def derived_layer(result: ParseResult, *, name: str = LAYER_NAME, show: bool = True,
                  pane: str | None = None) -> LinkedLayer | None:
    """A FeatureGroup with every derived place that has an area, or None when none has.

    Each feature carries ``id`` (= ``key``, :func:`geo.spatial.model.derived_key`),
    ``passage``, ``start`` and ``end`` so a page can link a click to the passage and
    highlight the whole description; the map selects them like places (a LinkedLayer).
    ``pane`` names the map pane the areas are drawn in (the map must have it), else
    Leaflet's overlay pane.

    >>> from geo.model import ParseResult
    >>> derived_layer(ParseResult("", (), (), (), ())) is None
    True
    """
    features = [{"type": "Feature", "geometry": mapping(item.geometry), "properties": _properties(item, index)}
                for index, item in enumerate(result.derived) if item.geometry is not None]
    if not features:
        return None
    areas = folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=name, style_function=_style,
        highlight_function=lambda feature: {"weight": 5, "fillOpacity": 0.25},
        # No popup: a click selects the area, and the page's panel says what the popup
        # would (over the map, it hid the very places the area is about).
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        **({"pane": pane} if pane else {}),
    )
    return LinkedLayer(areas, name=name, show=show, zoom=FOCUS_ZOOM, legend={
        "group": LEGEND_GROUP, "label": LEGEND_LABEL, "color": DERIVED_COLOUR, "shape": "area"})


def add_derived_places(fmap: folium.Map, result: ParseResult, *, show: bool = True) -> LinkedLayer | None:
    """Add the derived places' layer to ``fmap`` (toggle it with a LayerControl), drawn
    under the place markers (:data:`DERIVED_PANE`); returns it."""
    group = derived_layer(result, show=show, pane=DERIVED_PANE)
    if group is not None:
        folium.map.CustomPane(DERIVED_PANE, z_index=DERIVED_PANE_Z_INDEX, pointer_events=True).add_to(fmap)
        group.add_to(fmap)
    return group
