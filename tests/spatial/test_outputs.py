"""Derived places in the exports, on a folium map, as evidence, and in the command line."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET

import folium
import pytest

from geo.cli import main
from geo.export import to_csv, to_geojson, to_kml
from geo.records import jsonl_line
from geo.pipeline import parse
from geo.spatial.evidence import area_describing, candidate_fit, contradictions, described_area
from geo.spatial.mapview import add_derived_places
from geo.spatial.model import Anchor

HOSTILE = 'Shelling hit <img src=x onerror=alert(1)> "villages" 20 km north of Kabul</script>${alert(2)}` today.'
SPRINGFIELD = "Storms flattened homes in Springfield, 200 miles southwest of Chicago, on Friday."


@pytest.fixture(scope="module")
def hostile(full_gazetteer):
    return parse(HOSTILE, full_gazetteer)


def test_geojson_features_of_kind_derived(hostile):
    doc = json.loads(json.dumps(to_geojson(hostile)))
    (feature,) = [f for f in doc["features"] if f["properties"].get("kind") == "derived"]
    props = feature["properties"]
    assert feature["geometry"]["type"] == "Polygon"
    assert props["relation"] == "distance_direction" and props["anchor"] == "Kabul"
    assert props["distance_km"] == 20 and props["bearing_deg"] == 0 and props["uncertainty_km"] > 0
    assert props["mention"]["text"] == "20 km north of Kabul"
    assert HOSTILE[props["mention"]["start"]:props["mention"]["end"]] == props["mention"]["text"]
    # A named place's feature keys are there too, so a reader of mentions keeps working.
    assert props["mentions"][0]["text"] == "20 km north of Kabul" and props["passages"]


def test_undrawable_descriptions_are_listed_not_dropped(full_gazetteer):
    doc = to_geojson(parse("The probe flew 100,000 miles north of Kabul.", full_gazetteer))
    assert not [f for f in doc["features"] if f["properties"].get("kind") == "derived"]
    (item,) = doc["derived_without_area"]
    assert "quarter of the way" in item["reason"]


def test_csv_and_kml_rows(hostile):
    rows = list(csv.reader(io.StringIO(to_csv(hostile))))
    derived = [row for row in rows if row[1] == "derived"]
    assert len(derived) == 1 and derived[0][0] == "20 km north of Kabul" and float(derived[0][3]) > 34.5
    root = ET.fromstring(to_kml(hostile).split("\n", 1)[1])
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    names = [m.find("k:name", ns).text for m in root.iter("{http://www.opengis.net/kml/2.2}Placemark")]
    assert "20 km north of Kabul" in names
    assert root.find(".//k:Polygon/k:outerBoundaryIs/k:LinearRing/k:coordinates", ns) is not None


def test_jsonl_records_of_kind_derived(hostile):
    record = json.loads(jsonl_line("d1", hostile))
    (item,) = record["derived"]
    assert item["kind"] == "derived" and item["relation"] == "distance_direction"
    assert item["geometry"]["type"] == "Polygon"
    assert all(t.get("kind") != "derived" for t in record["toponyms"])   # toponyms stay as they were


def test_map_layer_is_a_feature_group_with_escaped_text(hostile):
    # Hostile words inside the description itself (its mention text and its method).
    item = hostile.derived[0]
    evil = '<img src=x onerror=alert(1)></script>${alert(2)}`'
    item = dataclasses.replace(item, mention=dataclasses.replace(item.mention, text=evil), method=evil)
    result = dataclasses.replace(hostile, derived=(item,))
    fmap = folium.Map()
    group = add_derived_places(fmap, result)
    assert isinstance(group, folium.FeatureGroup) and group in fmap._children.values()
    html = fmap.get_root().render()
    assert "<img src=x" not in html and "</script>${alert" not in html
    assert "&lt;img src=x" in html or "\\u0026lt;img" in html       # escaped, so it stays text
    layer = next(iter(group._children.values()))
    props = layer.data["features"][0]["properties"]
    assert props["start"] < props["end"] and props["tip"].startswith("<b>&lt;img")


def test_map_areas_are_drawn_under_the_place_markers(hostile):
    # Leaflet's overlay pane, where the place markers are, has z-index 400: an area above
    # it would take the clicks meant for a marker inside it.
    fmap = folium.Map()
    group = add_derived_places(fmap, hostile)
    html = fmap.get_root().render()
    pane = re.search(r'(\w+) = \w+\.createPane\(\s*"pa-derived"\);\s*\1\.style\.zIndex = (\d+);', html)
    assert pane and int(pane.group(2)) < 400, "the areas need a pane under the markers"
    layer = next(iter(group._children.values())).get_name()
    # The pane exists before the areas are added to it.
    assert html.index(pane.group(0)) < html.index(f"var {layer} = L.geoJson(")
    assert re.search(r'"pane": "pa-derived"', html), "the areas are not drawn in their pane"


def test_evidence_for_a_named_place_described_in_the_same_phrase(full_gazetteer):
    result = parse(SPRINGFIELD, full_gazetteer)
    chosen = next(p for p in result.places if p.name == "Springfield")
    area = described_area(result.derived, chosen.key)
    assert area is not None and area.relation == "distance_direction"
    illinois = full_gazetteer.get("gn:4250542")
    massachusetts = full_gazetteer.get("gn:4951788")
    assert candidate_fit(area, illinois).inside
    fit = candidate_fit(area, massachusetts)
    assert not fit.inside and "200 miles southwest of Chicago" in fit.reason and "km from Chicago" in fit.reason


def test_a_description_contradicting_the_chosen_place_is_reported(full_gazetteer):
    result = parse(SPRINGFIELD, full_gazetteer)
    chosen = next(p for p in result.places if p.name == "Springfield")
    right = full_gazetteer.get("gn:4250542")
    wrong = full_gazetteer.get("gn:4951788")
    as_right = dataclasses.replace(result, places=tuple(dataclasses.replace(p, place=right) if p is chosen else p
                                                        for p in result.places))
    as_wrong = dataclasses.replace(result, places=tuple(dataclasses.replace(p, place=wrong) if p is chosen else p
                                                        for p in result.places))
    assert contradictions(as_right) == ()
    (found,) = contradictions(as_wrong)
    assert found.place_name == "Springfield" and "outside that area" in found.message

    # An anchor the gazetteer has no place for is named as the text writes it.
    unplaced = dataclasses.replace(as_wrong, derived=tuple(
        dataclasses.replace(d, anchors=(dataclasses.replace(d.anchors[0], place=None),) + d.anchors[1:])
        if d.anchors else d for d in as_wrong.derived))
    (found,) = contradictions(unplaced)
    assert "from Chicago, outside that area" in found.message


def test_area_describing_works_before_a_parse_result_exists(full_gazetteer):
    kabul = full_gazetteer.get("gn:1138958")
    text = "the Panjshir Valley, 70 miles north of Kabul, held out"
    area = area_describing(text, 4, 19, [Anchor(kabul.id, "Kabul", 39, 44, kabul)])
    panjshir = full_gazetteer.get("cur:panjshir-valley")
    assert area is not None and area.contains(panjshir.lat, panjshir.lon)
    assert area_describing("Kabul is calm, said the Panjshir Valley.", 23, 38,
                           [Anchor(kabul.id, "Kabul", 0, 5, kabul)]) is None


def test_spatial_eval_command_prints_its_figures(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert main(["spatial-eval", "tests/data/spatial_gold.jsonl"], stdout=out, stderr=err) == 0
    printed = out.getvalue()
    for word in ("recall", "precision", "containment", "median area"):
        assert word in printed
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "abc", "descriptions": [{"start": 0, "end": 2, "text": "zz"}]}\n', encoding="utf-8")
    assert main(["spatial-eval", str(bad)], stdout=out, stderr=err) == 2
    assert err.getvalue().startswith("error: ") and err.getvalue().count("\n") == 1


def test_gold_file_is_large_and_varied_enough():
    lines = [json.loads(line) for line in open("tests/data/spatial_gold.jsonl", encoding="utf-8")]
    descriptions = [d for line in lines for d in line["descriptions"]]
    assert len(lines) >= 10 and len(descriptions) >= 40
    assert len({d["relation"] for d in descriptions}) >= 9
    assert sum(len(line["not_descriptions"]) for line in lines) >= 10
    for line in lines:
        for item in line["descriptions"] + line["not_descriptions"]:
            assert line["text"][item["start"]:item["end"]] == item["text"]


@pytest.mark.parametrize("held_out", ["spatial_heldout.jsonl", "spatial_heldout2.jsonl", "spatial_heldout3.jsonl"])
def test_held_out_file_is_apart_and_its_truths_are_gazetteer_points(full_gazetteer, held_out):
    # Each written after the engine, to be scored once before any change it prompts (its
    # figures are reported, not asserted); spatial-eval reads it like the gold file.
    from geo.spatial.evaluate import load_gold
    texts = load_gold(f"tests/data/{held_out}")
    gold_texts = {line.text for line in load_gold("tests/data/spatial_gold.jsonl")}
    assert len(texts) >= 3 and sum(len(t.descriptions) for t in texts) >= 12
    assert not gold_texts & {t.text for t in texts}
    for text in texts:
        for item in text.descriptions:
            assert item.truth is None or full_gazetteer.get(item.truth) is not None, item


def test_an_invalid_shape_is_mended_not_a_failed_export():
    from shapely.geometry import Polygon

    from geo.spatial.export import _geometry
    bow_tie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])     # crosses itself
    assert _geometry(bow_tie)["type"] == "MultiPolygon"
