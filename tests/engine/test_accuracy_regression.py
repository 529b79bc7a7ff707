"""Accuracy on small gold documents written for the project (not the evaluation
corpora): a regression in recognition or resolution fails CI."""

from __future__ import annotations

from pathlib import Path

from geo.evaluate import engine_predict, evaluate, load_jsonl
from geo.pipeline import parse

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold_small.jsonl"


def test_end_to_end_accuracy_on_own_gold(full_gazetteer):
    report = evaluate(load_jsonl(GOLD), engine_predict(parse, full_gazetteer))
    assert report.recognition_overlap.f1 >= 0.9, report.recognition_overlap
    assert report.resolution_all.accuracy_161 >= 0.8, report.resolution_all


def test_gold_span_accuracy_on_own_gold(full_gazetteer):
    report = evaluate(load_jsonl(GOLD), engine_predict(parse, full_gazetteer), gold_spans=True)
    assert report.resolution_all.accuracy_161 >= 0.8, report.resolution_all
