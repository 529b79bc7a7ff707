"""Accuracy on small gold documents written for the project (not the evaluation
corpora): a regression in recognition or resolution fails CI."""

from __future__ import annotations

from pathlib import Path

from geo.evaluate import engine_predict, evaluate, load_jsonl
from geo.pipeline import parse

DATA = Path(__file__).resolve().parent.parent / "data"
GOLD = DATA / "gold_small.jsonl"
# Short news items written for the project around harder cases: a world city and a
# state in a story from elsewhere, Arab-world names without the article, a state
# leading an agency's name, "the capital of", a province with particles.
NEWS = DATA / "gold_news.jsonl"


def test_end_to_end_accuracy_on_own_gold(full_gazetteer):
    report = evaluate(load_jsonl(GOLD), engine_predict(parse, full_gazetteer))
    assert report.recognition_overlap.f1 >= 0.9, report.recognition_overlap
    assert report.resolution_all.accuracy_161 >= 0.8, report.resolution_all


def test_gold_span_accuracy_on_own_gold(full_gazetteer):
    report = evaluate(load_jsonl(GOLD), engine_predict(parse, full_gazetteer), gold_spans=True)
    assert report.resolution_all.accuracy_161 >= 0.8, report.resolution_all


def test_end_to_end_accuracy_on_own_news_items(full_gazetteer):
    report = evaluate(load_jsonl(NEWS), engine_predict(parse, full_gazetteer))
    assert report.recognition_overlap.f1 >= 0.9, report.recognition_overlap
    assert report.resolution_all.accuracy_161 >= 0.9, report.resolution_all
