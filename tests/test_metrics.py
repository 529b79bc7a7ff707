"""geo.metrics against answers worked out by hand (the arithmetic is in the comments)."""

import math
import random

import pytest

from geo.metrics import (
    EARTH_RADIUS_KM,
    MAX_ERROR_KM,
    SpanScores,
    accuracy_at,
    auc,
    haversine_km,
    match_exact,
    match_overlap,
    overlap,
    resolution_scores,
    scaled_error,
)


# --- haversine ---------------------------------------------------------------------

def test_radius_is_the_one_the_readme_fixes():
    assert EARTH_RADIUS_KM == 6371.0088


def test_one_degree_of_latitude():
    # 6371.0088 * pi / 180 = 111.195080 km
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.195080, abs=1e-6)


def test_quarter_of_the_equator():
    # 90 degrees of longitude on the equator: pi * R / 2 = 10007.5569 km
    assert haversine_km(0, 0, 0, 90) == pytest.approx(10007.5569, abs=1e-3)


def test_antipodes_and_poles():
    # pi * R = 20015.1138 km; pole to pole is the same half circle
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015.1138, abs=1e-3)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(20015.1138, abs=1e-3)
    assert haversine_km(0, 0, 0, 180) < MAX_ERROR_KM


def test_same_point_and_symmetry():
    assert haversine_km(34.5281, 69.1723, 34.5281, 69.1723) == 0.0
    a = haversine_km(48.8566, 2.3522, 33.6609, -95.5555)
    b = haversine_km(33.6609, -95.5555, 48.8566, 2.3522)
    assert a == b


def test_longitude_wraps_across_the_date_line():
    # 179.5 E to 179.5 W is one degree apart, not 359: 111.195 km at the equator
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.195080, abs=1e-6)


def test_london_paris_is_about_344_km():
    # The familiar figure for the two city centres; a sanity check on the formula.
    assert 340 < haversine_km(51.5074, -0.1278, 48.8566, 2.3522) < 347


# --- span matching -----------------------------------------------------------------

def test_overlap_of_half_open_spans():
    assert overlap((0, 5), (5, 9)) == 0        # adjacent: no shared character
    assert overlap((0, 13), (4, 8)) == 4       # nested
    assert overlap((3, 9), (0, 5)) == 2        # chars 3 and 4


def test_exact_match_counts():
    gold = [(0, 5), (10, 15), (20, 25)]
    pred = [(0, 5), (10, 14), (20, 25), (30, 35)]
    m = match_exact(gold, pred)
    assert m.pairs == ((0, 0), (2, 2))
    s = m.scores
    # tp 2, fp 4 - 2 = 2, fn 3 - 2 = 1 ; P 2/4, R 2/3, F1 = 2*2/(4+3) = 4/7
    assert (s.tp, s.fp, s.fn) == (2, 2, 1)
    assert s.precision == 0.5
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(4 / 7)


def test_exact_match_is_one_to_one_with_duplicates():
    # the same span predicted twice matches once; the copy is a false positive
    m = match_exact([(0, 5)], [(0, 5), (0, 5)])
    assert (m.scores.tp, m.scores.fp, m.scores.fn) == (1, 1, 0)
    # and a gold span listed twice needs two predictions
    m = match_exact([(0, 5), (0, 5)], [(0, 5)])
    assert (m.scores.tp, m.scores.fp, m.scores.fn) == (1, 0, 1)


def test_nested_prediction_matches_by_overlap_not_exactly():
    # gold "New York City" (0, 13); predictions "New York" (0, 8) and "York City" (4, 13)
    gold, pred = [(0, 13)], [(0, 8), (4, 13)]
    assert match_exact(gold, pred).scores.tp == 0
    m = match_overlap(gold, pred)
    # overlaps 8 and 9: the larger wins, the other prediction is a false positive
    assert m.pairs == ((0, 1),)
    assert (m.scores.tp, m.scores.fp, m.scores.fn) == (1, 1, 0)


def test_one_prediction_over_two_gold_spans_goes_to_the_larger_overlap():
    # pred (5, 20) shares 5 chars with gold (0, 10) and 10 with gold (10, 20)
    m = match_overlap([(0, 10), (10, 20)], [(5, 20)])
    assert m.pairs == ((1, 0),)
    assert (m.scores.tp, m.scores.fp, m.scores.fn) == (1, 0, 1)


def test_overlap_tie_goes_to_the_earlier_gold():
    # pred (2, 8) shares 2 chars with (0, 4) and 2 with (6, 10)
    assert match_overlap([(0, 4), (6, 10)], [(2, 8)]).pairs == ((0, 0),)


def test_overlap_greedy_is_global_not_first_come():
    # gold A (0, 6), B (5, 12); preds P0 (4, 10), P1 (0, 3)
    # overlaps: A-P0 2, A-P1 3, B-P0 5, B-P1 0. Largest first: B-P0 (5), then A-P1 (3).
    # Taking A's best first (A-P1) gives the same here, but taking the first prediction
    # for A in text order (A-P0) would leave B unmatched: 2 pairs beat 1.
    m = match_overlap([(0, 6), (5, 12)], [(4, 10), (0, 3)])
    assert m.pairs == ((0, 1), (1, 0))
    assert m.scores.tp == 2


def test_adjacent_spans_do_not_match():
    m = match_overlap([(0, 5)], [(5, 9)])
    assert m.pairs == ()
    s = m.scores
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_each_gold_matched_at_most_once_by_overlap():
    # two predictions inside one gold span: one tp, one fp
    m = match_overlap([(0, 20)], [(0, 5), (10, 20)])
    # overlaps 5 and 10: the second wins
    assert m.pairs == ((0, 1),)
    assert (m.scores.tp, m.scores.fp, m.scores.fn) == (1, 1, 0)


def test_empty_inputs():
    for m in (match_exact([], []), match_overlap([], [])):
        s = m.scores
        assert (s.tp, s.fp, s.fn) == (0, 0, 0)
        assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    s = match_overlap([(0, 3)], []).scores
    assert (s.tp, s.fp, s.fn) == (0, 0, 1)


def test_scores_add_up_across_documents():
    total = SpanScores(1, 2, 3) + SpanScores(4, 0, 1)
    assert total == SpanScores(5, 2, 4)
    # P 5/7, R 5/9, F1 = 2*5/(7+9) = 10/16
    assert total.f1 == pytest.approx(10 / 16)


# --- resolution --------------------------------------------------------------------

def test_accuracy_at_161_includes_the_boundary():
    # 0, 161 count; 161.001 and 5000 do not: 2 of 4
    assert accuracy_at([0.0, 161.0, 161.001, 5000.0]) == 0.5
    assert accuracy_at([]) is None


def test_scaled_error():
    assert scaled_error(0) == 0.0
    # ln(100) / ln(20039) = 4.605170 / 9.905436 = 0.464913
    assert scaled_error(99) == pytest.approx(0.464913, abs=1e-6)
    assert scaled_error(MAX_ERROR_KM - 1) == pytest.approx(1.0)


def test_auc_of_one_error_is_its_scaled_value():
    assert auc([0.0]) == 0.0
    assert auc([99.0]) == pytest.approx(0.464913, abs=1e-6)
    assert auc([MAX_ERROR_KM - 1]) == pytest.approx(1.0)


def test_auc_of_several_errors_by_the_trapezoid_rule():
    # sorted scaled: 0, a = 0.464913, 1
    # trapezoids: (0 + a)/2 + (a + 1)/2 = a + 0.5 = 0.964913 ; over n - 1 = 2 -> 0.482457
    assert auc([0.0, 99.0, MAX_ERROR_KM - 1]) == pytest.approx(0.482457, abs=1e-6)
    # two errors: one trapezoid over width 1
    assert auc([0.0, MAX_ERROR_KM - 1]) == pytest.approx(0.5)


def test_auc_sorts_the_errors_first():
    errors = [0.0, 3.0, 99.0, 500.0, 7000.0, MAX_ERROR_KM]
    shuffled = errors[:]
    random.Random(4).shuffle(shuffled)
    assert shuffled != errors
    assert auc(shuffled) == auc(errors)


def test_auc_bounds():
    assert auc([]) is None
    assert auc([0.0] * 5) == 0.0
    # all at the maximum: ln(20040)/ln(20039), a hair over 1
    assert auc([MAX_ERROR_KM] * 3) == pytest.approx(math.log(20040) / math.log(20039))


def test_resolution_scores_even_count():
    s = resolution_scores([300.0, 0.0, 100.0, 20039.0])
    # acc: 0 and 100 of 4 -> 0.5 ; mean 20439 / 4 = 5109.75 ; median (100 + 300) / 2
    assert s.n == 4
    assert s.accuracy_161 == 0.5
    assert s.mean_km == pytest.approx(5109.75)
    assert s.median_km == 200.0
    assert s.auc == auc([0.0, 100.0, 300.0, 20039.0])


def test_resolution_scores_odd_count_and_empty():
    s = resolution_scores([10.0, 1000.0, 20.0])
    # acc 2/3 ; mean 1030 / 3 ; median 20
    assert s.accuracy_161 == pytest.approx(2 / 3)
    assert s.mean_km == pytest.approx(1030 / 3)
    assert s.median_km == 20.0
    empty = resolution_scores([])
    assert (empty.n, empty.accuracy_161, empty.auc, empty.mean_km, empty.median_km) == (0, None, None, None, None)


def test_docstring_examples_hold():
    import doctest

    import geo.metrics

    result = doctest.testmod(geo.metrics)
    assert result.attempted >= 10 and result.failed == 0
