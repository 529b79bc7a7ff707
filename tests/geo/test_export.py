"""geo.export: GeoJSON, CSV, KML and JSONL from hand-built parse results."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from gazetteer.model import Place
from geo.export import ATTRIBUTION, CSV_COLUMNS, to_csv, to_geojson, to_kml
from geo.model import Alternative, Focus, Mention, ParseResult, ResolvedPlace
from geo.passages import split_passages

KML = "{http://www.opengis.net/kml/2.2}"

HOSTILE = "O'Brien \"Ridge\" `rm -rf` </script><img src=x onerror=alert(1)> & <b>"


def mention(text: str, word: str, passages, *, nth: int = 0, kind: str = "toponym") -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    index = next(p.index for p in passages if p.start <= start < p.end)
    return Mention(start, start + len(word), word, index, kind)


def build_result() -> ParseResult:
    text = (
        "# Crossing the Caldera Range\n\n"
        "Trucks left Port Tamsin at dawn for the Caldera Range, then followed the Silverrun river.\n\n"
        f"Guides near {HOSTILE} said Port Tamsin was calm. Nobody had heard of Zorvask.\n\n"
        "Tamsinese traders waited in Port Tamsin."
    )
    passages = split_passages(text)
    city = Place("cur:port-tamsin", "Port Tamsin", "city", "XT", -12.5, 130.25, source="curated")
    rival = Place("gn:1", "Port Tamsin Bay", "sea", "XT", -12.7, 130.4, source="GeoNames")
    rng = Place("cur:caldera", "Caldera Range", "mountains", "XT", -14.0, 131.0, source="curated",
                extent=((-15.0, 130.0), (-13.0, 132.0)))
    river = Place("cur:silverrun", "Silverrun", "river", "XT", -13.0, 129.0, source="curated",
                  extent=((-13.0, 129.0), (-13.5, 129.8), (-14.1, 130.6)))
    ridge = Place("cur:ridge", HOSTILE, "mountain", "XT", -12.9, 130.9, source="=cmd|' /C calc'!A0")
    country = Place("cc:XT", "Tamsinia", "country", "XT", -13.0, 131.0)
    places = (
        ResolvedPlace("cur:port-tamsin", "Port Tamsin", city,
                      tuple(mention(text, "Port Tamsin", passages, nth=n) for n in range(3)),
                      score=0.91, reason="largest city of that name", alternatives=(Alternative(rival, 0.2),)),
        ResolvedPlace("cur:caldera", "Caldera Range", rng,
                      (mention(text, "Caldera Range", passages), mention(text, "Caldera Range", passages, nth=1)),
                      score=0.8, variant=True),
        ResolvedPlace("cur:silverrun", "Silverrun", river, (mention(text, "Silverrun", passages),), score=0.7),
        ResolvedPlace("cur:ridge", HOSTILE, ridge, (mention(text, HOSTILE, passages),), score=0.5, corrected=True),
    )
    unresolved = (ResolvedPlace("unresolved:Zorvask", "Zorvask", None, (mention(text, "Zorvask", passages),),
                                reason="no candidate"),)
    demonyms = (ResolvedPlace("cc:XT", "Tamsinese", country,
                              (mention(text, "Tamsinese", passages, kind="demonym"),)),)
    return ParseResult(text, passages, places, unresolved, demonyms, Focus("XT", "Tamsinia", "Port Tamsin"))


@pytest.fixture
def result() -> ParseResult:
    return build_result()


# -- GeoJSON ------------------------------------------------------------------------

def test_geojson_features_and_geometry(result):
    doc = json.loads(json.dumps(to_geojson(result, title="Crossing"), allow_nan=False))
    assert doc["type"] == "FeatureCollection"
    assert doc["title"] == "Crossing"
    assert doc["attribution"] == ATTRIBUTION
    features = {f["properties"]["id"]: f for f in doc["features"]}
    assert list(features) == ["cur:port-tamsin", "cur:caldera", "cur:silverrun", "cur:ridge"]
    assert features["cur:port-tamsin"]["geometry"] == {"type": "Point", "coordinates": [130.25, -12.5]}
    # A range known by its bounding box is its point (drawn with a halo), never the box.
    caldera = next(rp.place for rp in result.places if rp.key == "cur:caldera")
    assert features["cur:caldera"]["geometry"] == {"type": "Point", "coordinates": [caldera.lon, caldera.lat]}
    assert features["cur:silverrun"]["geometry"] == {
        "type": "LineString", "coordinates": [[129.0, -13.0], [129.8, -13.5], [130.6, -14.1]]}


def test_geojson_properties(result):
    doc = to_geojson(result)
    props = doc["features"][0]["properties"]
    assert props["name"] == "Port Tamsin"
    assert (props["lat"], props["lon"], props["score"]) == (-12.5, 130.25, 0.91)
    assert props["reason"] == "largest city of that name"
    assert props["alternatives"] == [{"id": "gn:1", "name": "Port Tamsin Bay", "feature_type": "sea",
                                      "country_code": "XT", "lat": -12.7, "lon": 130.4, "score": 0.2}]
    assert len(props["mentions"]) == 3
    for m in props["mentions"]:
        assert result.text[m["start"]:m["end"]] == m["text"] == "Port Tamsin"
    # Each passage that mentions the place, once, with its text.
    assert [p["index"] for p in props["passages"]] == [1, 2, 3]
    for p in props["passages"]:
        assert p["text"] == result.text[p["start"]:p["end"]]
    assert doc["features"][1]["properties"]["variant"] is True
    assert doc["features"][3]["properties"]["corrected"] is True


def test_geojson_lists_unresolved_names_apart_and_demonyms_with_their_point(result):
    doc = to_geojson(result)
    assert all(f["properties"]["name"] != "Zorvask" for f in doc["features"])
    assert doc["unresolved"][0]["name"] == "Zorvask"
    assert result.text[doc["unresolved"][0]["mentions"][0]["start"]:].startswith("Zorvask")
    assert doc["demonyms"][0]["name"] == "Tamsinese"
    assert doc["demonyms"][0]["country_code"] == "XT"
    assert doc["demonyms"][0]["mentions"][0]["kind"] == "demonym"
    # The demonym's place has a point, so a reader of the GeoJSON can map it too.
    assert (doc["demonyms"][0]["lat"], doc["demonyms"][0]["lon"]) == (-13.0, 131.0)
    assert [p["index"] for p in doc["passages"]] == [0, 1, 2, 3]
    assert doc["passages"][0]["kind"] == "heading"
    assert doc["focus"]["summary"] == "mostly about Port Tamsin, Tamsinia"


def test_degenerate_box_falls_back(result):
    flat = Place("cur:flat", "Flat", "plateau", "XT", 1.0, 2.0, extent=((1.0, 2.0), (1.0, 2.0)))
    one = ResolvedPlace("cur:flat", "Flat", flat, ())
    doc = to_geojson(ParseResult("", (), (one,), (), ()))
    assert doc["features"][0]["geometry"] == {"type": "Point", "coordinates": [2.0, 1.0]}


def test_hostile_strings_survive_geojson(result):
    encoded = json.dumps(to_geojson(result), ensure_ascii=False)
    doc = json.loads(encoded)
    ridge = doc["features"][3]["properties"]
    assert ridge["name"] == HOSTILE
    assert HOSTILE in ridge["passages"][0]["text"]


# -- CSV ----------------------------------------------------------------------------

def test_csv_rows(result):
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["name"] for r in rows] == ["Port Tamsin", "Caldera Range", "Silverrun", HOSTILE]
    first = rows[0]
    assert (first["feature_type"], first["country_code"]) == ("city", "XT")
    assert (float(first["lat"]), float(first["lon"])) == (-12.5, 130.25)
    assert first["mentions"] == "3"
    assert float(first["score"]) == 0.91
    assert first["corrected"] == "false" and rows[3]["corrected"] == "true"
    assert first["first_passage"] == result.text[result.passages[1].start:result.passages[1].end]


def test_csv_keeps_hostile_text_plain_and_guards_formulas(result):
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    ridge = rows[3]
    assert ridge["name"] == HOSTILE
    assert HOSTILE in ridge["first_passage"]
    # A cell a spreadsheet would execute is defused with a leading apostrophe.
    assert ridge["source"] == "'=cmd|' /C calc'!A0"


def test_csv_with_newlines_in_passages_round_trips():
    text = "Line one mentions Oranmore\nand line two."
    passages = split_passages(text)
    place = Place("cur:o", "Oranmore", "city", "XT", 1.0, 1.0)
    rp = ResolvedPlace("cur:o", "Oranmore", place, (mention(text, "Oranmore", passages),))
    rows = list(csv.reader(io.StringIO(to_csv(ParseResult(text, passages, (rp,), (), ())))))
    assert rows[1][-1] == text


# -- KML ----------------------------------------------------------------------------

def test_kml_parses_and_keeps_hostile_text(result):
    root = ET.fromstring(to_kml(result, title="A <title> & more").encode("utf-8"))
    assert root.tag == KML + "kml"
    document = root.find(KML + "Document")
    assert document.findtext(KML + "name") == "A <title> & more"
    marks = document.findall(KML + "Placemark")
    assert [m.findtext(KML + "name") for m in marks] == ["Port Tamsin", "Caldera Range", "Silverrun", HOSTILE]
    ridge = marks[3]
    assert HOSTILE in ridge.findtext(KML + "description")
    assert ridge.findtext(KML + "description").startswith("1 mention.")
    assert marks[0].findtext(KML + "description").startswith("3 mentions. First passage: Trucks left")
    assert marks[0].find(KML + "Point").findtext(KML + "coordinates") == "130.25,-12.5"
    data = {d.get("name"): d.findtext(KML + "value") for d in ridge.iter(KML + "Data")}
    assert data["id"] == "cur:ridge"
    assert data["source"] == "=cmd|' /C calc'!A0"
    # No element was smuggled in by the article text.
    assert not any(el.tag in ("script", "img", KML + "script", KML + "img") for el in root.iter())


def test_kml_drops_characters_xml_cannot_hold():
    place = Place("cur:c", "Bad\x01Name", "city", "XT", 0.0, 0.0)
    rp = ResolvedPlace("cur:c", "Bad\x01Name", place, ())
    root = ET.fromstring(to_kml(ParseResult("", (), (rp,), (), ())))
    assert root.find(f"{KML}Document/{KML}Placemark").findtext(KML + "name") == "BadName"


def test_geojson_marks_an_approximate_pin(full_gazetteer):
    from geo.export import to_geojson
    from geo.pipeline import parse
    result = parse("Stockholm is a farming town in Kingfisher County, Oklahoma.", full_gazetteer)
    approximate = {f["properties"]["name"]: f["properties"]["approximate"] for f in to_geojson(result)["features"]
                   if f["geometry"]["type"] == "Point"}
    assert approximate == {"Stockholm": True, "Kingfisher County": False, "Oklahoma": False}
