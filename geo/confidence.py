"""How sure the engine is of a place: a probability of being right, and the words a
reader sees for it.

The probability is a logistic function of four features of a choice (its score, its
lead over the runner-up, whether it had a rival, whether it is a country or a state), fitted on the development corpora by
``bench/calibrate_confidence.py``; its coefficients live with the other weights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from geo.model import Alternative
from geo.resolution import weights as w

# (lowest probability, words), from the surest down; the last row catches the rest.
CONFIDENCE_WORDS = (
    (0.9, "almost certain"),
    (0.7, "likely"),
    (0.5, "probable"),
    (0.0, "a guess"),
)


def in_words(confidence: float) -> str:
    """The words for a probability of being right.

    >>> in_words(0.95), in_words(0.75), in_words(0.55), in_words(0.2)
    ('almost certain', 'likely', 'probable', 'a guess')
    """
    for lowest, words in CONFIDENCE_WORDS:
        if confidence >= lowest:
            return words
    return CONFIDENCE_WORDS[-1][1]


# Places a name rarely gets wrong once it is recognised: a country's or a state's.
UNIT_TYPES = frozenset({"continent", "country", "historical_country", "admin1"})


def features(score: float, alternatives: Sequence[Alternative], feature_type: str) -> tuple[float, ...]:
    """A choice's score, its lead over the best runner-up, 1.0 when it had no rival,
    and 1.0 when it is a country or a state."""
    runner_up = alternatives[0].score if alternatives else 0.0
    return score, score - runner_up, 0.0 if alternatives else 1.0, 1.0 if feature_type in UNIT_TYPES else 0.0


def probability(score: float, alternatives: Sequence[Alternative], feature_type: str = "") -> float:
    """The calibrated probability that a choice is right (within 161 km).

    >>> probability(2.5, ()) > probability(0.4, ()) and 0.0 < probability(0.4, ()) < 1.0
    True
    """
    z = w.CONFIDENCE_INTERCEPT + sum(c * f for c, f in zip(w.CONFIDENCE_COEFFICIENTS,
                                                           features(score, alternatives, feature_type)))
    return round(1 / (1 + math.exp(-z)), 3)
