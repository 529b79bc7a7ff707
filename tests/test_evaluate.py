"""geo.evaluate end to end over tests/data/gold_small.jsonl, a corpus written for these tests.

The fake engine below is a fixed name -> point table matched with a regular expression,
so every figure it earns can be counted by hand from the eight documents:

  doc        gold (kind)                         fake prediction        outcome
  paris-fr   Paris (Literal)  French (Demonym)   Paris FR, French       exact, error 0 ; exact
  paris-tx   Paris (Literal)                     Paris -> Paris FR      exact, error E1 (~7,900 km)
             Texas (Literal)                     Texas                  exact, error 0
             Lamar County (Literal)              -                      missed
  kabul      Kabul (Literal)  Afghan (Demonym)   Kabul                  exact, 0 ; Afghan missed
  lagos      Lagos (Literal)                     Lagos                  exact, 0
             Lagos State (Literal_Modifier)      "Lagos" inside it      overlap only, error E2 (~42 km)
  nyc        New York City (Literal)             "New York"             overlap only, error 0
  mombasa    Mombasa (Literal) Kenyan (Demonym)  Mombasa, no point      exact, error 20,039 ; Kenyan missed
  nairobi    Nairobi (Literal)                   Lima (person), Nairobi Lima is a false positive ; exact, 0
  no-places  -                                   -
"""

import io
import json
import math
import re
from pathlib import Path

import pytest

from gazetteer.errors import InputError, PassageAtlasError
from gazetteer.model import Place
from geo.evaluate import (
    evaluate,
    format_report,
    gold_document,
    load_jsonl,
    main,
    predictions_from_result,
)
from geo.metrics import MAX_ERROR_KM, haversine_km, scaled_error
from geo.model import Mention, ParseResult, Passage, ResolvedPlace

GOLD = Path(__file__).parent / "data" / "gold_small.jsonl"

PARIS_FR = (48.8566, 2.3522)
PARIS_TX = (33.6609, -95.5555)
LAGOS = (6.4541, 3.3947)
LAGOS_STATE = (6.5833, 3.75)

FAKE_TABLE = {
    "Paris": PARIS_FR, "Texas": (31.0, -100.0), "Kabul": (34.5281, 69.1723), "Lagos": LAGOS,
    "New York": (40.7128, -74.006), "York": (53.96, -1.0873), "Mombasa": None,
    "Nairobi": (-1.2864, 36.8172), "Lima": (-12.0464, -77.0428), "French": (46.0, 2.0),
}
# Longest names first, so "New York" wins over "York" at the same position.
FAKE_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, FAKE_TABLE), key=len, reverse=True)) + r")\b")

E1 = haversine_km(*PARIS_TX, *PARIS_FR)
E2 = haversine_km(*LAGOS_STATE, *LAGOS)


def fake_predict(text, spans):
    """Name-table engine; with gold spans it looks each span's text up as a whole."""
    if spans is None:
        found = [(m.start(), m.end()) for m in FAKE_RE.finditer(text)]
    else:
        found = list(spans)
    out = []
    for start, end in found:
        point = FAKE_TABLE.get(text[start:end])
        out.append({"start": start, "end": end, "name": text[start:end],
                    "lat": point[0] if point else None, "lon": point[1] if point else None})
    return out


def test_the_hand_counted_distances():
    # Paris, Texas to Paris, France: across the Atlantic, roughly 7,900 km
    assert 7700 < E1 < 8100
    # Lagos city to the Lagos State point: dlat 0.129 deg (14 km), dlon 0.355 deg (39 km)
    assert 38 < E2 < 46


@pytest.fixture(scope="module")
def report():
    return evaluate(load_jsonl(GOLD), fake_predict, by_kind=True)


def test_counts(report):
    assert report.documents == 8
    assert report.gold_toponyms == 13        # 2 + 3 + 2 + 2 + 1 + 2 + 1 + 0
    assert report.gold_resolvable == 10      # all but the three demonyms
    assert report.predicted == 11            # 2 + 2 + 1 + 2 + 1 + 1 + 2
    assert report.predicted_unplaced == 1    # Mombasa
    assert report.gold_spans is False


def test_recognition_exact(report):
    s = report.recognition_exact
    # exact: Paris, French, Paris, Texas, Kabul, Lagos, Mombasa, Nairobi = 8
    # fp: second "Lagos", "New York", "Lima" = 3 ; fn: Lamar County, Afghan, Lagos State,
    # New York City, Kenyan = 5
    assert (s.tp, s.fp, s.fn) == (8, 3, 5)
    assert s.precision == pytest.approx(8 / 11)
    assert s.recall == pytest.approx(8 / 13)
    assert s.f1 == pytest.approx(16 / 24)     # 2 tp / (predicted + gold)


def test_recognition_overlap(report):
    s = report.recognition_overlap
    # overlap adds Lagos State and New York City: tp 10, fp 1 (Lima), fn 3
    assert (s.tp, s.fp, s.fn) == (10, 1, 3)
    assert s.precision == pytest.approx(10 / 11)
    assert s.recall == pytest.approx(10 / 13)
    assert s.f1 == pytest.approx(20 / 24)


def test_resolution_over_all_gold(report):
    r = report.resolution_all
    # errors: 0 (Paris FR), E1, 0 (Texas), 20039 (Lamar County, missed), 0 (Kabul),
    # 0 (Lagos), E2 (Lagos State), 0 (NYC), 20039 (Mombasa, no point), 0 (Nairobi)
    assert r.n == 10
    assert r.accuracy_161 == pytest.approx(7 / 10)      # six zeros and E2
    assert r.mean_km == pytest.approx((E1 + E2 + 2 * MAX_ERROR_KM) / 10)
    assert r.median_km == 0.0                            # 5th and 6th of 10 sorted are zeros
    # sorted scaled: 0 x6, s(E2), s(E1), s(M), s(M); trapezoid sum = all - (first + last)/2
    m = scaled_error(MAX_ERROR_KM)
    assert r.auc == pytest.approx((scaled_error(E2) + scaled_error(E1) + 1.5 * m) / 9)


def test_resolution_over_recognised_gold(report):
    r = report.resolution_recognised
    # as above without Lamar County: 9 errors, 7 within 161 km
    assert r.n == 9
    assert r.accuracy_161 == pytest.approx(7 / 9)
    assert r.mean_km == pytest.approx((E1 + E2 + MAX_ERROR_KM) / 9)
    assert r.median_km == 0.0
    # sorted scaled: 0 x6, s(E2), s(E1), s(M): sum - s(M)/2
    m = scaled_error(MAX_ERROR_KM)
    assert r.auc == pytest.approx((scaled_error(E2) + scaled_error(E1) + 0.5 * m) / 8)


def test_by_kind(report):
    kinds = {k.kind: k for k in report.by_kind}
    assert [k.kind for k in report.by_kind] == ["Literal", "Demonym", "Literal_Modifier"]  # by size
    lit = kinds["Literal"]
    # 9 literals; exact misses Lamar County and New York City; overlap finds NYC
    assert (lit.gold, lit.found_exact, lit.found_overlap) == (9, 7, 8)
    assert lit.recall_exact == pytest.approx(7 / 9)
    assert lit.recall_overlap == pytest.approx(8 / 9)
    # literal errors: 0 x6 (Paris FR, Texas, Kabul, Lagos, NYC, Nairobi), E1, 20039 x2
    assert lit.resolution_all.n == 9
    assert lit.resolution_all.accuracy_161 == pytest.approx(6 / 9)
    assert lit.resolution_recognised.accuracy_161 == pytest.approx(6 / 8)
    dem = kinds["Demonym"]
    assert (dem.gold, dem.found_exact, dem.found_overlap) == (3, 1, 1)   # French only
    assert dem.resolution_all.n == 0 and dem.resolution_all.accuracy_161 is None
    mod = kinds["Literal_Modifier"]
    assert (mod.gold, mod.found_exact, mod.found_overlap) == (1, 0, 1)
    assert mod.resolution_all.mean_km == pytest.approx(E2)


def test_by_kind_is_off_unless_asked():
    assert evaluate(load_jsonl(GOLD), fake_predict).by_kind == ()


def test_worst_errors_largest_first_with_context(report):
    # recognised with error > 161 km: Mombasa (20,039, no point) then Paris, Texas (E1)
    assert report.worst_total == 2
    mombasa, paris = report.worst
    assert (mombasa.doc_id, mombasa.gold_name, mombasa.error_km) == ("mombasa", "Mombasa", MAX_ERROR_KM)
    assert mombasa.predicted_name == "Mombasa" and mombasa.predicted_lat is None
    assert (paris.doc_id, paris.gold_name) == ("paris-tx", "Paris")
    assert (paris.gold_lat, paris.gold_lon) == PARIS_TX
    assert (paris.predicted_lat, paris.predicted_lon) == PARIS_FR
    assert paris.error_km == pytest.approx(E1)
    assert paris.before == "Storms knocked out power in "
    assert paris.after == ", Texas, where the Lamar County sheriff asked residents to stay home."


def test_missed_in_corpus_order(report):
    assert report.missed_total == 3
    assert [(m.doc_id, m.gold_name, m.error_km) for m in report.missed] == [
        ("paris-tx", "Lamar County", MAX_ERROR_KM),
        ("kabul", "Afghan", None),              # a demonym: recognition only
        ("mombasa", "Kenyan", None),
    ]


def test_example_lists_are_bounded():
    r = evaluate(load_jsonl(GOLD), fake_predict, worst=1)
    assert [m.gold_name for m in r.worst] == ["Mombasa"]
    assert r.worst_total == 2
    assert [m.gold_name for m in r.missed] == ["Lamar County"]
    assert r.missed_total == 3


def test_context_is_80_characters_either_side():
    text = "x" * 100 + "Kabul" + "y" * 100
    doc = {"id": "long", "text": text,
           "toponyms": [{"start": 100, "end": 105, "lat": 34.5, "lon": 69.2}]}
    r = evaluate([doc], lambda text, spans: [])
    (miss,) = r.missed
    assert miss.before == "x" * 80 and miss.after == "y" * 80


def test_gold_spans_are_handed_to_the_engine():
    seen = []

    def spy(text, spans):
        seen.append(spans)
        return fake_predict(text, spans)

    r = evaluate(load_jsonl(GOLD), spy, gold_spans=True)
    assert seen[0] == [(27, 32), (48, 54)]       # paris-fr: Paris, French
    assert seen[-1] == []                        # no-places
    assert r.gold_spans is True
    s = r.recognition_exact
    assert (s.tp, s.fp, s.fn) == (13, 0, 0)
    # table lookups of whole spans: Lamar County, Lagos State, New York City and Mombasa
    # get no point (4 x 20,039); Paris, Texas gets E1; the other five are exact.
    assert r.resolution_all.n == 10
    assert r.resolution_all.accuracy_161 == pytest.approx(5 / 10)
    assert r.resolution_all.mean_km == pytest.approx((E1 + 4 * MAX_ERROR_KM) / 10)
    assert r.resolution_recognised.n == 10


def test_without_gold_spans_the_engine_gets_none():
    seen = []
    evaluate(load_jsonl(GOLD), lambda text, spans: seen.append(spans) or [])
    assert seen == [None] * 8


def test_perfect_engine_scores_perfectly():
    docs = list(load_jsonl(GOLD))
    by_text = {d["text"]: d["toponyms"] for d in docs}
    r = evaluate(docs, lambda text, spans: by_text[text])
    assert r.recognition_exact.f1 == 1.0
    assert r.resolution_all.accuracy_161 == 1.0
    assert r.resolution_all.auc == 0.0
    assert r.worst == () and r.missed == ()


# --- report text and JSON ----------------------------------------------------------

def test_format_report_shows_the_figures(report):
    text = format_report(report, errors=5)
    assert "Documents 8 | gold toponyms 13 (10 to resolve) | predicted 11 (1 without a point)" in text
    exact_row = next(line for line in text.splitlines() if line.strip().startswith("exact"))
    assert exact_row.split()[1:] == ["0.727", "0.615", "0.667", "8", "3", "5"]
    headline = next(line for line in text.splitlines() if "all gold (headline)" in line)
    assert headline.split()[3:5] == ["10", "0.700"]
    assert "Worst resolution errors (2 of 2 over 161 km)" in text
    assert "[[Paris]] , Texas, where" in text
    assert "Missed gold toponyms (3 of 3)" in text
    assert "Literal_Modifier" in text


def test_format_report_hides_examples_by_default(report):
    text = format_report(report)
    assert "Worst" not in text and "Missed" not in text


def test_format_report_warns_that_recognition_is_moot_with_gold_spans():
    r = evaluate(load_jsonl(GOLD), fake_predict, gold_spans=True)
    assert "gold spans were given" in format_report(r)


def test_empty_corpus_prints_dashes():
    r = evaluate([], fake_predict)
    assert r.resolution_all.n == 0
    assert "all gold (headline)" in format_report(r)


def test_to_dict_is_json(report):
    data = json.loads(json.dumps(report.to_dict()))
    assert data["recognition_overlap"]["tp"] == 10
    assert data["resolution_all"]["accuracy_161"] == pytest.approx(0.7)
    assert data["worst"][0]["gold_name"] == "Mombasa"


# --- inputs ------------------------------------------------------------------------

def test_load_jsonl_names_the_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "a", "toponyms": []}\n\n{"id": 2, "text": \n', encoding="utf-8")
    docs = load_jsonl(path)
    assert next(docs)["id"] == 1
    with pytest.raises(InputError, match=r"bad\.jsonl:3: not valid JSON"):
        next(docs)


def test_load_jsonl_rejects_non_objects_and_missing_files(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"list\.jsonl:1: expected a JSON object, got list"):
        list(load_jsonl(path))
    with pytest.raises(InputError, match="cannot read gold file"):
        list(load_jsonl(tmp_path / "absent.jsonl"))


@pytest.mark.parametrize("toponym, message", [
    ({"start": 3, "end": 99, "lat": 1.0, "lon": 1.0}, "not inside the text"),
    ({"start": 3, "end": 8, "name": "Lagoz", "lat": 1.0, "lon": 1.0}, "differs from the text"),
    ({"start": 3, "end": 8, "resolve": True}, "has no coordinates"),
    ({"start": 3, "end": 8, "lat": "6.4", "lon": 3.3}, "not a finite number"),
    ({"start": 3, "end": 8, "lat": math.nan, "lon": 3.3}, "not a finite number"),
])
def test_bad_gold_toponyms_are_refused(toponym, message):
    with pytest.raises(InputError, match=message):
        gold_document({"id": "g", "text": "To Lagos.", "toponyms": [toponym]})


def test_gold_without_coordinates_counts_for_recognition_only():
    doc = gold_document({"id": "g", "text": "To Lagos.", "toponyms": [{"start": 3, "end": 8}]})
    (t,) = doc.toponyms
    assert (t.name, t.resolve, t.kind) == ("Lagos", False, "-")


@pytest.mark.parametrize("bad", [
    {"start": 0, "end": 50, "lat": None, "lon": None},
    {"start": 3, "end": 8, "lat": 6.4, "lon": None},
    ("not", "a", "dict"),
])
def test_bad_predictions_are_reported(bad):
    doc = {"id": "g", "text": "To Lagos.", "toponyms": []}
    with pytest.raises(PassageAtlasError, match="document g: predict"):
        evaluate([doc], lambda text, spans: [bad])


# --- the engine adapter ------------------------------------------------------------

def _place(pid, name, ftype, cc, lat, lon):
    return Place(pid, name, ftype, cc, lat, lon)


def test_predictions_from_result_takes_places_demonyms_and_unresolved():
    text = "Afghan troops left Kabul for Bagram. In Kabul, Zorbistan denied it."
    kabul = _place("gn:1", "Kabul", "city", "AF", 34.5281, 69.1723)
    bagram = _place("gn:2", "Bagram", "city", "AF", 34.97, 69.27)
    afghanistan = _place("cc:AF", "Afghanistan", "country", "AF", 33.0, 65.0)

    def mention(word, nth=0, kind="toponym"):
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return Mention(start, start + len(word), word, 0, kind)

    result = ParseResult(
        text=text,
        passages=(Passage(0, 0, len(text)),),
        places=(
            ResolvedPlace("gn:1", "Kabul", kabul, (mention("Kabul"), mention("Kabul", 1))),
            ResolvedPlace("gn:2", "Bagram", bagram, (mention("Bagram"),)),
        ),
        unresolved=(ResolvedPlace("unresolved:Zorbistan", "Zorbistan", None, (mention("Zorbistan"),)),),
        demonyms=(ResolvedPlace("cc:AF", "Afghan", afghanistan, (mention("Afghan", kind="demonym"),)),),
    )
    preds = predictions_from_result(result)
    assert [(p["name"], p["lat"], p["lon"]) for p in preds] == [
        ("Afghan", 33.0, 65.0),
        ("Kabul", 34.5281, 69.1723),
        ("Bagram", 34.97, 69.27),
        ("Kabul", 34.5281, 69.1723),
        ("Zorbistan", None, None),
    ]
    assert all(text[p["start"]:p["end"]] == p["name"] for p in preds)


def test_predictions_from_result_keeps_the_first_reading_of_a_repeated_span():
    text = "Georgia voted."
    state = _place("gn:3", "Georgia", "admin1", "US", 32.75, -83.5)
    m = Mention(0, 7, "Georgia", 0)
    result = ParseResult(text, (Passage(0, 0, len(text)),),
                         places=(ResolvedPlace("gn:3", "Georgia", state, (m,)),),
                         unresolved=(ResolvedPlace("unresolved:Georgia", "Georgia", None, (m,)),),
                         demonyms=())
    assert predictions_from_result(result) == [
        {"start": 0, "end": 7, "name": "Georgia", "lat": 32.75, "lon": -83.5, "feature_type": "admin1",
         "country_code": "US"}]


# --- command line ------------------------------------------------------------------

def run_main(argv, make_predict=lambda **_: fake_predict):
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, make_predict=make_predict, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_main_prints_the_report():
    status, out, err = run_main([str(GOLD), "--by-kind", "--errors", "1"])
    assert status == 0 and err == ""
    assert "Documents 8 |" in out
    assert "Worst resolution errors (1 of 2 over 161 km)" in out
    assert "Missed gold toponyms (1 of 3)" in out
    assert "By kind" in out


def test_main_limit_and_gold_spans():
    status, out, _ = run_main([str(GOLD), "--limit", "2", "--gold-spans"])
    assert status == 0
    assert "Documents 2 | gold toponyms 5" in out
    assert "gold spans were given" in out


def test_main_json_to_stdout():
    status, out, _ = run_main([str(GOLD), "--json", "-"])
    assert status == 0
    assert json.loads(out)["recognition_exact"]["tp"] == 8


def test_main_json_to_file(tmp_path):
    target = tmp_path / "report.json"
    status, out, _ = run_main([str(GOLD), "--json", str(target)])
    assert status == 0 and "Recognition" in out
    assert json.loads(target.read_text(encoding="utf-8"))["documents"] == 8


def test_main_reports_bad_input_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    status, out, err = run_main([str(bad)])
    assert status == 2 and out == ""
    assert err.startswith("error: ") and "bad.jsonl:1" in err


def test_main_checks_arguments_before_building_the_engine():
    built = []
    with pytest.raises(SystemExit):
        run_main([str(GOLD), "--errors", "-3"], make_predict=lambda **_: built.append(1) or fake_predict)
    assert built == []


def test_docstring_examples_hold():
    import doctest

    import geo.evaluate

    result = doctest.testmod(geo.evaluate)
    assert result.attempted >= 3 and result.failed == 0


def test_a_right_country_with_another_point_counts_right_by_its_outline():
    # Gold puts Kenya at Nairobi; the prediction is Kenya at a point 400 km north, inside
    # Kenya's outline: wrong at 161 km, right by the outline. "Uganda" predicted as Kenya
    # stays wrong: Kampala is not inside Kenya.
    text = "Kenya and Uganda signed a deal."
    gold = [{"id": "k", "text": text, "toponyms": [
        {"start": 0, "end": 5, "name": "Kenya", "lat": -1.29, "lon": 36.82, "resolve": True},
        {"start": 10, "end": 16, "name": "Uganda", "lat": 0.35, "lon": 32.58, "resolve": True}]}]

    def predict(text, spans):
        return [{"start": 0, "end": 5, "lat": 2.3, "lon": 37.9, "feature_type": "country", "country_code": "KE"},
                {"start": 10, "end": 16, "lat": 2.3, "lon": 37.9, "feature_type": "country", "country_code": "KE"}]

    report = evaluate(gold, predict)
    assert report.resolution_all.accuracy_161 == 0.0
    assert report.resolution_all_country_outline.accuracy_161 == 0.5
    assert "all, country by outline" in format_report(report)


def test_main_hands_the_rules_to_switch_off_to_the_engine():
    asked = []
    status, _, _ = run_main([str(GOLD), "--without", "focus", "--without", "qualifier"],
                            make_predict=lambda **kw: asked.append(kw) or fake_predict)
    assert status == 0 and asked == [{"without": frozenset({"focus", "qualifier"})}]


def test_an_unknown_rule_is_one_error_line():
    from geo.cli import main as cli_main
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["evaluate", str(GOLD), "--without", "no_such_rule"], stdout=out, stderr=err) == 2
    assert err.getvalue().startswith("error: unknown rule 'no_such_rule'") and err.getvalue().count("\n") == 1


def test_a_country_too_small_for_an_outline_is_scored_by_its_point():
    text = "Martinique voted."
    gold = [{"id": "m", "text": text, "toponyms": [
        {"start": 0, "end": 10, "name": "Martinique", "lat": 14.6, "lon": -61.0, "resolve": True}]}]
    report = evaluate(gold, lambda t, s: [{"start": 0, "end": 10, "lat": 0.0, "lon": 0.0,
                                          "feature_type": "country", "country_code": "MQ"}])
    assert report.resolution_all_country_outline.accuracy_161 == 0.0
