"""Exports of a parsed article: GeoJSON, CSV and KML (JSON lines of mentions: ``geo.records``).

Every article-derived string goes through a serialiser (``json``, ``csv``,
``xml.etree.ElementTree``) and is never pasted into markup by hand, so quotes, angle
brackets and ``</script>`` in an article stay plain text in every format.
"""

from __future__ import annotations

import csv
import io
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

from geo.geometry import place_shape
from geo.model import Mention, Passage, ParseResult, ResolvedPlace, is_placed_within
from geo.spatial.export import (add_derived_placemarks, derived_csv_rows, derived_features,
                               derived_without_area)

ATTRIBUTION = "Place data: GeoNames (CC BY 4.0), Natural Earth (public domain), curated Passage Atlas tables"
KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
CSV_COLUMNS = (
    "name", "feature_type", "country_code", "lat", "lon", "mentions", "score", "source",
    "corrected", "first_passage",
)
# Spreadsheets run a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids even when escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_geojson(result: ParseResult, *, title: str = "") -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one feature per resolved place.

    Unresolved names have no coordinates and so are listed under ``"unresolved"``,
    never as features; demonyms are listed under ``"demonyms"``.

    >>> from geo.model import ParseResult
    >>> to_geojson(ParseResult("", (), (), (), ()))["features"]
    []
    """
    passages = _passage_map(result)
    return {
        "type": "FeatureCollection",
        "title": title,
        "attribution": ATTRIBUTION,
        "focus": {
            "country_code": result.focus.country_code,
            "country_name": result.focus.country_name,
            "place_name": result.focus.place_name,
            "summary": result.focus.summary(),
        },
        "passages": [
            {"index": p.index, "start": p.start, "end": p.end, "kind": p.kind} for p in result.passages
        ],
        "features": [_feature(rp, result.text, passages) for rp in result.places if rp.place is not None]
        + derived_features(result),    # kind "derived": the places the text describes (geo.spatial)
        "unresolved": [
            {"name": rp.name, "reason": rp.reason, "mentions": [_mention(m) for m in rp.mentions]}
            for rp in result.unresolved
        ],
        "demonyms": [_demonym(rp) for rp in result.demonyms],
        "embedded": [_demonym(rp) for rp in result.embedded],
        "derived_without_area": derived_without_area(result),
    }


def to_csv(result: ParseResult) -> str:
    """One CSV row per resolved place, with a header row.

    Text cells that a spreadsheet would run as a formula (starting ``=``, ``+``,
    ``-``, ``@``) get a leading apostrophe, the usual defence against CSV injection.

    >>> to_csv(ParseResult("", (), (), (), ())).splitlines()[0]
    'name,feature_type,country_code,lat,lon,mentions,score,source,corrected,first_passage'
    """
    passages = _passage_map(result)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rp in result.places:
        place = rp.place
        if place is None:
            continue
        writer.writerow([
            _cell(rp.name), place.feature_type, place.country_code, _number(place.lat), _number(place.lon),
            len(rp.mentions), _number(rp.score), _cell(place.source), "true" if rp.corrected else "false",
            _cell(_first_passage_text(rp, result.text, passages)),
        ])
    writer.writerows([_cell(cell) for cell in row] for row in derived_csv_rows(result))
    return out.getvalue()


def to_kml(result: ParseResult, *, title: str = "") -> str:
    """A KML document with one Placemark (a Point) per resolved place.

    >>> "<Document>" in to_kml(ParseResult("", (), (), (), ()), title="Empty")
    True
    """
    passages = _passage_map(result)
    root = ET.Element("kml", {"xmlns": KML_NAMESPACE})
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = _xml_text(title or "Passage Atlas places")
    ET.SubElement(document, "description").text = ATTRIBUTION
    for rp in result.places:
        place = rp.place
        if place is None:
            continue
        # Place ids contain ":" and so are not valid XML ids: they go in ExtendedData.
        mark = ET.SubElement(document, "Placemark")
        ET.SubElement(mark, "name").text = _xml_text(rp.name)
        count = len(rp.mentions)
        first = _first_passage_text(rp, result.text, passages)
        description = f"{count} mention{'s' if count != 1 else ''}."
        if first:
            description += f" First passage: {first}"
        ET.SubElement(mark, "description").text = _xml_text(description)
        data = ET.SubElement(mark, "ExtendedData")
        for key, value in (("id", place.id), ("feature_type", place.feature_type), ("country_code", place.country_code),
                           ("score", _number(rp.score)), ("source", place.source)):
            item = ET.SubElement(data, "Data", {"name": key})
            ET.SubElement(item, "value").text = _xml_text(str(value))
        point = ET.SubElement(mark, "Point")
        ET.SubElement(point, "coordinates").text = f"{place.lon!r},{place.lat!r}"
    add_derived_placemarks(document, result, clean=_xml_text)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# -- pieces -------------------------------------------------------------------------


def _passage_map(result: ParseResult) -> dict[int, Passage]:
    return {p.index: p for p in result.passages}


def _feature(rp: ResolvedPlace, text: str, passages: dict[int, Passage]) -> dict[str, Any]:
    place = rp.place
    assert place is not None
    mentioned = sorted({m.passage for m in rp.mentions if m.passage in passages})
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": place_shape(place).geometry,
        "properties": {
            "id": place.id,
            "key": rp.key,
            "name": rp.name,
            "gazetteer_name": place.name,
            "feature_type": place.feature_type,
            "country_code": place.country_code,
            "admin1_name": place.admin1_name,
            "lat": place.lat,
            "lon": place.lon,
            "score": _finite(rp.score),
            "reason": rp.reason,
            "source": place.source,
            "variant": rp.variant,
            "corrected": rp.corrected,
            "approximate": is_placed_within(place),   # pinned at the unit the text names
            "alternatives": [
                {
                    "id": alt.place.id, "name": alt.place.name, "feature_type": alt.place.feature_type,
                    "country_code": alt.place.country_code, "lat": alt.place.lat, "lon": alt.place.lon,
                    "score": _finite(alt.score),
                }
                for alt in rp.alternatives
            ],
            "mentions": [_mention(m) for m in rp.mentions],
            "passages": [
                {
                    "index": i, "start": passages[i].start, "end": passages[i].end,
                    "kind": passages[i].kind, "text": passages[i].text_of(text),
                }
                for i in mentioned
            ],
        },
    }


def _mention(m: Mention) -> dict[str, Any]:
    return {"start": m.start, "end": m.end, "text": m.text, "passage": m.passage, "kind": m.kind}


def _demonym(rp: ResolvedPlace) -> dict[str, Any]:
    place = rp.place
    return {
        "name": rp.name,
        "id": place.id if place else None,
        "place_name": place.name if place else None,
        "country_code": place.country_code if place else "",
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "mentions": [_mention(m) for m in rp.mentions],
    }


def _first_passage_text(rp: ResolvedPlace, text: str, passages: dict[int, Passage]) -> str:
    for m in sorted(rp.mentions, key=lambda m: m.start):
        passage = passages.get(m.passage)
        if passage is not None:
            return passage.text_of(text)
    return ""


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _number(value: float) -> str:
    return repr(float(value)) if math.isfinite(value) else ""


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _xml_text(value: str) -> str:
    return _XML_INVALID.sub("", value)
