"""Geoparsing metrics: span matching for recognition, distance scores for resolution.

Pure functions over plain numbers and ``(start, end)`` spans, so every figure the
evaluation prints can be checked by hand. Definitions follow Gritta, Pilehvar &
Collier (2019), "A Pragmatic Guide to Geoparsing Evaluation", as fixed in
``/work/shared/eval/README.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median
from typing import Sequence

from gazetteer.distance import EARTH_RADIUS_KM, haversine_km  # noqa: F401  (re-exported: the metrics use them)

# The error charged for a gold toponym with no predicted point, and the denominator of
# the AUC scaling: roughly half the Earth's circumference, as in the literature.
MAX_ERROR_KM = 20039.0

# 100 miles, the customary "close enough" radius.
ACCURACY_KM = 161.0

Span = tuple[int, int]


# --- recognition -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SpanScores:
    """Counts and precision / recall / F1 of one matching (or a sum of several)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Share of predicted spans that match; 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of gold spans that were found; 0.0 when there is no gold span."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall.

        >>> round(SpanScores(tp=2, fp=2, fn=0).f1, 4)  # P 0.5, R 1.0 -> 2*0.5/1.5
        0.6667
        """
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: SpanScores) -> SpanScores:
        return SpanScores(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True, slots=True)
class SpanMatch:
    """A one-to-one matching: ``pairs`` holds ``(gold_index, predicted_index)``."""

    pairs: tuple[tuple[int, int], ...]
    n_gold: int
    n_pred: int

    @property
    def scores(self) -> SpanScores:
        tp = len(self.pairs)
        return SpanScores(tp=tp, fp=self.n_pred - tp, fn=self.n_gold - tp)

    def gold_to_pred(self) -> dict[int, int]:
        return dict(self.pairs)


def overlap(a: Span, b: Span) -> int:
    """Number of characters two half-open spans share.

    >>> overlap((0, 5), (3, 10)), overlap((0, 5), (5, 10)), overlap((2, 4), (0, 9))
    (2, 0, 2)
    """
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_exact(gold: Sequence[Span], pred: Sequence[Span]) -> SpanMatch:
    """Pair gold and predicted spans with identical offsets, each used at most once.

    A duplicated prediction matches once; the copy counts as a false positive.

    >>> m = match_exact([(0, 5), (10, 15)], [(0, 5), (0, 5), (10, 14)])
    >>> m.pairs, m.scores
    (((0, 0),), SpanScores(tp=1, fp=2, fn=1))
    """
    free: dict[Span, list[int]] = {}
    for j, span in enumerate(pred):
        free.setdefault(tuple(span), []).append(j)
    pairs = []
    for i, span in enumerate(gold):
        waiting = free.get(tuple(span))
        if waiting:
            pairs.append((i, waiting.pop(0)))
    return SpanMatch(tuple(pairs), len(gold), len(pred))


def match_overlap(gold: Sequence[Span], pred: Sequence[Span]) -> SpanMatch:
    """Pair gold and predicted spans that share at least one character, one-to-one.

    Greedy by the largest shared length, so a prediction straddling two gold spans goes
    to the one it covers most; ties go to the earlier gold, then the earlier prediction.
    Adjacent spans such as (0, 5) and (5, 9) do not overlap.

    >>> # prediction (5, 20) shares 5 chars with gold (0, 10) and 10 with gold (10, 20)
    >>> m = match_overlap([(0, 10), (10, 20)], [(5, 20)])
    >>> m.pairs, m.scores
    (((1, 0),), SpanScores(tp=1, fp=0, fn=1))
    """
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            shared = overlap(g, p)
            if shared:
                candidates.append((-shared, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    pairs.sort()
    return SpanMatch(tuple(pairs), len(gold), len(pred))


# --- resolution --------------------------------------------------------------------

def accuracy_at(errors_km: Sequence[float], *, km: float = ACCURACY_KM) -> float | None:
    """Share of errors at or under ``km``; None for no errors.

    >>> accuracy_at([0.0, 161.0, 161.5, 5000.0])  # 2 of 4 are <= 161
    0.5
    """
    if not errors_km:
        return None
    return sum(1 for e in errors_km if e <= km) / len(errors_km)


def scaled_error(error_km: float) -> float:
    """An error on the AUC's log scale: ln(error + 1) / ln(20039).

    >>> scaled_error(0.0)
    0.0
    >>> round(scaled_error(20038.0), 12)
    1.0
    """
    return math.log(error_km + 1) / math.log(MAX_ERROR_KM)


def auc(errors_km: Sequence[float]) -> float | None:
    """Area under the curve of sorted, log-scaled errors, over x in [0, 1]; lower is better.

    The n sorted scaled errors are placed at x = 0, 1/(n-1), ..., 1 and integrated with
    the trapezoidal rule (``np.trapz(sorted_scaled) / (n - 1)`` in the original code).
    One error gives its own scaled value; no errors give None.

    >>> # scaled: 0, ln(20039)/ln(20039) = 1 -> one trapezoid (0 + 1) / 2, over n-1 = 1
    >>> auc([20038.0, 0.0])
    0.5
    >>> auc([0.0, 0.0, 0.0])
    0.0
    """
    if not errors_km:
        return None
    ys = sorted(scaled_error(e) for e in errors_km)
    if len(ys) == 1:
        return ys[0]
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:]))
    return area / (len(ys) - 1)


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    """Summary of a list of resolution errors; the scores are None when n == 0."""

    n: int
    accuracy_161: float | None
    auc: float | None
    mean_km: float | None
    median_km: float | None


def resolution_scores(errors_km: Sequence[float]) -> ResolutionScores:
    """acc@161, AUC, mean and median of a list of errors in km.

    >>> s = resolution_scores([0.0, 100.0, 300.0, 20038.0])
    >>> s.n, s.accuracy_161, s.mean_km, s.median_km  # mean 20438/4, median (100+300)/2
    (4, 0.5, 5109.5, 200.0)
    """
    errors = list(errors_km)
    if not errors:
        return ResolutionScores(0, None, None, None, None)
    return ResolutionScores(
        n=len(errors),
        accuracy_161=accuracy_at(errors),
        auc=auc(errors),
        mean_km=sum(errors) / len(errors),
        median_km=float(median(errors)),
    )
