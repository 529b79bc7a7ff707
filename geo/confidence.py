"""How sure the engine is of a place, in words a reader understands.

The engine's score is mapped to a probability of being right (calibrated on the
development corpora); readers see a few plain words instead of a number.
"""

from __future__ import annotations

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
