"""Patterns searched over a whole text open with a literal, for speed (the search then
skips to that literal): each finds what its plainer form, kept here, finds."""

from __future__ import annotations

import random
import re

import pytest

from geo.passages import _CREDIT_HINT, _OUTLETS
from geo.spatial.context_anchors import _BETWEEN_PAIR, _NAME
from geo.spatial.derive import _STAND_INS
from geo.spatial.tables import STAND_IN_NOUNS
from geo.tokens import _ADDRESS_SIGN

GAPS = (" ", "  ", "\t", "\n", ",", "")
# Each pattern, its plain form, and pieces that meet its edges: words that end in its
# literal ("bathe", "afor"), the literal at the text's start, every kind of gap.
CASES = {
    "address sign": (_ADDRESS_SIGN, re.compile(r"[@/]|www\.|\.\w"), ("www", "www.", ".", ".x", "@", "/", "x", "w")),
    "between pair": (_BETWEEN_PAIR, re.compile(
        rf"\bbetween[ ]+(?:the[ ]+)?(?P<a>{_NAME})[ ]+and[ ]+(?:the[ ]+)?(?P<b>{_NAME})"),
        ("between", "inbetween", "the", "Kabul", "Herat", "Des Moines", "and", "x")),
    "stand-ins": (_STAND_INS, re.compile(r"\bthe\s+(?:(?P<demonym>[A-Z][a-z]+)\s+)?(?:(?P<level>state|provincial)\s+)?"
                                         rf"(?P<noun>{'|'.join(STAND_IN_NOUNS.rows)})\b"),
                  ("the", "bathe", "The", "Afghan", "state", "provincial", "capital", "country", "province", "x")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_literal_first_pattern_finds_what_the_plain_one_finds(name):
    fast, plain, pieces = CASES[name]
    rng = random.Random(name)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) + rng.choice(GAPS) for _ in range(rng.randint(1, 8)))
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)], text


def test_the_credit_hint_holds_where_its_plain_form_does():
    # Only whether it holds is read (a cheap test before the credit's own pattern).
    plain = re.compile(rf"/|\sfor\s+{_OUTLETS}|\bvia\s|\((?:Photo|Credit|Image)")
    pieces = ("for", "afor", "via", "avia", "(Photo", "(Image", "(", "Reuters", "The Guardian", "/", "x")
    rng = random.Random(5)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) + rng.choice(GAPS) for _ in range(rng.randint(1, 6)))
        assert (_CREDIT_HINT.search(text) is None) == (plain.search(text) is None), text
