"""Derived places in the exports: GeoJSON features, CSV rows, KML placemarks, JSON records.

``geo.export`` calls these and appends what they return; the shapes here are theirs
alone, so the per-place exports can change without touching them. Every text value
goes through the format's own serialiser (json, csv, ElementTree) in ``geo.export``.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import Any

import shapely
from shapely.geometry import mapping

from geo.model import ParseResult
from geo.spatial.model import DerivedPlace

# Coordinates are rounded to about 1 m: the areas are tens of kilometres across.
_DIGITS = 5


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return round(float(value), digits) if value is not None and math.isfinite(value) else None


def _geometry(geometry) -> dict[str, Any] | None:
    if geometry is None or geometry.is_empty:
        return None
    if not geometry.is_valid:
        # Rounding an invalid shape raises (a GEOS topology error); an export must never fail.
        geometry = shapely.make_valid(geometry)
    return mapping(shapely.set_precision(geometry, 10 ** -_DIGITS))


def derived_properties(item: DerivedPlace) -> dict[str, Any]:
    """The facts of one derived place as plain JSON values.

    >>> from geo.model import Mention
    >>> item = DerivedPlace("near", Mention(0, 10, "near Herat", 0, "derived"), (), reason="no anchor")
    >>> derived_properties(item)["reason"]
    'no anchor'
    """
    anchor = item.anchor
    distance = item.distance
    return {
        "kind": "derived",
        "relation": item.relation,
        "anchor": anchor.text if anchor else None,
        "anchor_id": anchor.place.id if anchor and anchor.place else None,
        "anchors": [{"text": a.text, "start": a.start, "end": a.end, "id": a.place.id if a.place else None,
                     "name": a.place.name if a.place else None} for a in item.anchors],
        "distance_text": distance.text if distance else None,
        "distance_unit": distance.unit if distance else None,
        "distance_km": _rounded(item.distance_km),
        "bearing_deg": _rounded(item.bearing_deg, 2),
        "uncertainty_km": _rounded(item.uncertainty_km),
        "area_km2": _rounded(item.area_km2, 1),
        "lat": _rounded(item.centre[0], _DIGITS) if item.centre else None,
        "lon": _rounded(item.centre[1], _DIGITS) if item.centre else None,
        "method": item.method,
        "reason": item.reason,
        "describes": item.describes or None,
        "rule": item.rule,
        "mention": {"start": item.mention.start, "end": item.mention.end, "text": item.mention.text,
                    "passage": item.mention.passage, "kind": "derived"},
    }


def derived_features(result: ParseResult) -> list[dict[str, Any]]:
    """One GeoJSON feature per derived place that has an area (``kind: "derived"``); the
    band a drawn line stands for is ``properties.area``. The properties a named place's
    feature has (``id``, ``name``, ``mentions``, ``passages``) are there too, so a reader
    of the features need not tell the two apart to list their mentions."""
    features = []
    passages = {p.index: p for p in result.passages}
    for index, item in enumerate(result.derived):
        if item.geometry is None:
            continue
        key = f"derived:{index}"
        properties = derived_properties(item)
        passage = passages.get(item.mention.passage)
        properties.update({
            "id": key, "key": key, "name": item.mention.text, "feature_type": "derived",
            "mentions": [properties["mention"]],
            "passages": [{"index": passage.index, "start": passage.start, "end": passage.end, "kind": passage.kind,
                          "text": passage.text_of(result.text)}] if passage else [],
        })
        if item.geometry.geom_type not in ("Polygon", "MultiPolygon"):
            properties["area"] = _geometry(item.area)
        features.append({"type": "Feature", "id": key, "geometry": _geometry(item.geometry),
                         "properties": properties})
    return features


def derived_without_area(result: ParseResult) -> list[dict[str, Any]]:
    """Descriptions that could not be drawn, with their reason (GeoJSON's top-level
    ``derived_without_area``, as unresolved names are listed under ``unresolved``)."""
    return [derived_properties(item) for item in result.derived if item.geometry is None]


def derived_csv_rows(result: ParseResult) -> list[list[str]]:
    """Rows for geo.export's CSV columns: the description as the name, "derived" as the
    type, its centre as lat/lon and how it was computed as the source."""
    rows = []
    passages = {p.index: p for p in result.passages}
    for item in result.derived:
        anchor = item.anchor
        passage = passages.get(item.mention.passage)
        rows.append([
            item.mention.text, "derived",
            anchor.place.country_code if anchor and anchor.place else "",
            repr(round(item.centre[0], _DIGITS)) if item.centre else "",
            repr(round(item.centre[1], _DIGITS)) if item.centre else "",
            "1", "", item.method or item.reason, "false", passage.text_of(result.text) if passage else "",
        ])
    return rows


def add_derived_placemarks(document: ET.Element, result: ParseResult, *, clean=lambda s: s) -> None:
    """A KML Placemark per derived place that has an area: its polygon (or line) with the
    description, the relation and the method. ``clean`` strips what XML forbids."""
    for item in result.derived:
        if item.geometry is None:
            continue
        mark = ET.SubElement(document, "Placemark")
        ET.SubElement(mark, "name").text = clean(item.mention.text)
        ET.SubElement(mark, "description").text = clean(item.method)
        data = ET.SubElement(mark, "ExtendedData")
        for key, value in (("kind", "derived"), ("relation", item.relation),
                           ("anchor", item.anchor.text if item.anchor else ""),
                           ("distance_km", _text(item.distance_km)), ("bearing_deg", _text(item.bearing_deg)),
                           ("uncertainty_km", _text(item.uncertainty_km))):
            entry = ET.SubElement(data, "Data", {"name": key})
            ET.SubElement(entry, "value").text = clean(str(value))
        _kml_geometry(mark, item.geometry)


def _text(value: float | None) -> str:
    return "" if value is None else repr(round(value, 3))


def _ring(points) -> str:
    return " ".join(f"{x:.{_DIGITS}f},{y:.{_DIGITS}f}" for x, y, *_ in points)


def _kml_geometry(parent: ET.Element, geometry) -> None:
    parts = list(getattr(geometry, "geoms", [geometry]))
    holder = ET.SubElement(parent, "MultiGeometry") if len(parts) > 1 else parent
    for part in parts:
        if part.geom_type == "Polygon":
            polygon = ET.SubElement(holder, "Polygon")
            outer = ET.SubElement(ET.SubElement(polygon, "outerBoundaryIs"), "LinearRing")
            ET.SubElement(outer, "coordinates").text = _ring(part.exterior.coords)
            for hole in part.interiors:
                inner = ET.SubElement(ET.SubElement(polygon, "innerBoundaryIs"), "LinearRing")
                ET.SubElement(inner, "coordinates").text = _ring(hole.coords)
        elif part.geom_type == "LineString":
            ET.SubElement(ET.SubElement(holder, "LineString"), "coordinates").text = _ring(part.coords)
        elif part.geom_type == "Point":
            ET.SubElement(ET.SubElement(holder, "Point"), "coordinates").text = _ring(part.coords)


def derived_records(result: ParseResult) -> list[dict[str, Any]]:
    """The derived places of a JSONL record: ``{"kind": "derived", "start", "end",
    "text", "relation", "anchor", "lat", "lon", "distance_km", "bearing_deg",
    "uncertainty_km", "geometry"}`` in text order."""
    records = []
    for item in result.derived:
        properties = derived_properties(item)
        records.append({
            "kind": "derived", "start": item.mention.start, "end": item.mention.end, "text": item.mention.text,
            "relation": item.relation, "anchor": properties["anchor"], "lat": properties["lat"],
            "lon": properties["lon"], "distance_km": properties["distance_km"],
            "bearing_deg": properties["bearing_deg"], "uncertainty_km": properties["uncertainty_km"],
            "reason": item.reason, "geometry": _geometry(item.area),
        })
    return records
