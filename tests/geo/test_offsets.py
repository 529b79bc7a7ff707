"""geo.offsets and the pipeline's mention limit: the quick tests agree with the full ones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.offsets import _ANY_CHANGED, _CHANGED
from geo.pipeline import _POSSIBLE_NAME, mention_limit_cut


def test_the_quick_class_holds_every_character_normalisation_changes_and_no_other():
    # Whole planes beyond the first hold no control or line-break character: their
    # first characters stand for them.
    characters = [chr(code) for code in range(0x10000)] + [chr(plane << 16) for plane in range(1, 17)]
    differ = [c for c in characters if (_CHANGED.search(c) is None) != (_ANY_CHANGED.search(c) is None)]
    assert differ == []


@given(st.text(alphabet="Aa1 .\n\u00e9\u00c9", max_size=40), st.integers(min_value=0, max_value=45))
def test_the_mention_limit_cut_is_the_limit_th_possible_name(text, limit):
    starts = [match.start() for match in _POSSIBLE_NAME.finditer(text)]
    assert mention_limit_cut(text, limit) == (starts[limit] if len(starts) > limit else None)


def test_a_text_of_names_one_letter_apart_is_cut_at_the_limit():
    text = " ".join("A" * 60)
    assert mention_limit_cut(text, 59) == 118
    assert mention_limit_cut(text, 60) is None
