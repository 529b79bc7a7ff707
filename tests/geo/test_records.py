"""geo.records: one set of mention records for ``parse --jsonl``, ``evaluate`` and ``batch``."""

from __future__ import annotations

import io
import json

import pytest

from geo.cli import main
from geo.evaluate import engine_predict, evaluate
from geo.export import to_geojson
from geo.pipeline import parse
from geo.records import RECORD_FIELDS, jsonl_line, mention_records

# A small gold corpus written for this test: resolved places, nationality words and
# places inside newspapers' names, which GeoWebNews-style gold annotates too.
GOLD_TEXTS = (
    ("wire-1", "Reporters from The Washington Post flew from Chicago to Denver, where French and Kenyan "
               "officials met.",
     (("Washington", 38.9, -77.04), ("Chicago", 41.85, -87.65), ("Denver", 39.74, -104.98),
      ("French", 46.0, 2.0), ("Kenyan", 1.0, 38.0))),
    ("wire-2", "Flooding hit Lyon and Grenoble on Tuesday.\n\nItalian crews helped clear the roads near Lyon.",
     (("Lyon", 45.75, 4.85), ("Grenoble", 45.18, 5.72), ("Italian", 42.8, 12.8))),
    ("wire-3", "A Canadian freighter left Halifax for Reykjavik; the Toronto Star said Norwegian buyers "
               "waited in Bergen.",
     (("Canadian", 60.0, -100.0), ("Halifax", 44.64, -63.57), ("Reykjavik", 64.13, -21.9),
      ("Toronto", 43.7, -79.4), ("Norwegian", 62.0, 10.0), ("Bergen", 60.39, 5.32))),
)


def gold_documents() -> list[dict]:
    docs = []
    for doc_id, text, toponyms in GOLD_TEXTS:
        gold, cursor = [], 0
        for name, lat, lon in toponyms:
            start = text.index(name, cursor)
            cursor = start + len(name)
            gold.append({"start": start, "end": cursor, "name": name, "lat": lat, "lon": lon})
        docs.append({"id": doc_id, "text": text, "toponyms": gold})
    return docs


def parse_jsonl_lines(tmp_path, docs) -> list[dict]:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["parse", "--jsonl", str(path)], stdout=out, stderr=err) == 0, err.getvalue()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_evaluate_scores_exactly_what_parse_jsonl_writes(tmp_path, full_gazetteer):
    docs = gold_documents()
    written = {row["id"]: row["toponyms"] for row in parse_jsonl_lines(tmp_path, docs)}
    texts = {d["text"]: d["id"] for d in docs}

    def replay(text, spans):
        return written[texts[text]]

    from_file = evaluate(docs, replay).to_dict()
    from_engine = evaluate(docs, engine_predict(parse, full_gazetteer)).to_dict()
    assert from_file == from_engine
    # The written lines hold the demonyms and the newspapers' places, with their points.
    kinds = {(r["text"], r["kind"]) for rows in written.values() for r in rows}
    assert {("Kenyan", "demonym"), ("Toronto", "embedded"), ("Halifax", "toponym")} <= kinds
    assert from_file["recognition_overlap"]["fn"] == 0


def test_every_record_has_every_field_and_its_offsets_index_the_text(full_gazetteer):
    _, text, _ = GOLD_TEXTS[1]
    result = parse(text, full_gazetteer)
    records = mention_records(result)
    assert records and all(tuple(r) == RECORD_FIELDS for r in records)
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["passage"] == text[r["passage_start"]:r["passage_start"] + len(r["passage"])]
        assert r["passage_start"] <= r["start"] < r["end"] <= r["passage_start"] + len(r["passage"])
    second_lyon = [r for r in records if r["text"] == "Lyon"][1]
    assert second_lyon["passage_index"] == 1 and second_lyon["passage"].startswith("Italian crews")
    assert second_lyon["country_code"] == "FR" and second_lyon["feature_type"] == "city"


def test_unresolved_names_are_records_without_a_place():
    from geo.model import Mention, ParseResult, Passage, ResolvedPlace
    text = "Nobody had heard of Zorvask."
    unknown = ResolvedPlace("unresolved:zorvask", "Zorvask", None, (Mention(20, 27, "Zorvask", 0),))
    record, = mention_records(ParseResult(text, (Passage(0, 0, len(text)),), (), (unknown,), ()))
    assert record["kind"] == "unresolved" and record["text"] == "Zorvask"
    assert (record["place_id"], record["lat"], record["lon"], record["score"]) == (None, None, None, None)


def test_geojson_demonyms_and_embedded_places_carry_their_point(full_gazetteer):
    _, text, _ = GOLD_TEXTS[2]
    collection = to_geojson(parse(text, full_gazetteer))
    toronto = next(e for e in collection["embedded"] if e["name"] == "Toronto")
    norwegian = next(d for d in collection["demonyms"] if d["name"] == "Norwegian")
    assert toronto["lat"] == pytest.approx(43.7, abs=0.2) and toronto["lon"] == pytest.approx(-79.4, abs=0.2)
    assert norwegian["lat"] == pytest.approx(62.0, abs=2) and norwegian["lon"] == pytest.approx(10.0, abs=2)


def test_jsonl_line_is_one_line_of_records(full_gazetteer):
    result = parse('Talks in "Paris"\nwent on.', full_gazetteer)
    line = jsonl_line(7, result)
    assert "\n" not in line
    assert json.loads(line) == {"id": 7, "toponyms": json.loads(json.dumps(mention_records(result)))}
