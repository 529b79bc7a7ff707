"""Properties of ``geo.pipeline.parse`` that must hold for any text at all.

Hypothesis draws arbitrary Unicode and a mix of place names, punctuation, line breaks
and words in other scripts; whatever comes in, parse must not raise, every offset it
reports must point at the text it claims, and the result must not depend on the run.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.pipeline import parse

# Names the small gazetteer knows (so recognition and resolution really run), names it
# half knows, and words that look like names but are not places.
PLACE_WORDS = (
    "Kabul", "Paris", "Texas", "Panjshir", "Herat", "Moscow", "Tehran", "Berlin", "Georgia",
    "Washington", "New York", "Mazar-i-Sharif", "Kandahar's", "the Hindu Kush", "Salang Pass",
    "Afghan", "French", "Soviet", "Paris, Texas", "St. Petersburg", "Bamyan", "Ghazni",
)
OTHER_WORDS = (
    "said", "the", "and", "in", "of", "Mr.", "General", "Massoud", "Taliban", "Ahmad",
    "The", "river", "Valley", "North", "Province", "U.S.", "N.A.T.O.", "e.g.", "1989",
    "کابل", "هرات", "پنجشیر", "طالبان", "Москва", "Кабул", "Россия", "Zürich", "São", "Ñuñoa",
    "O'Brien", "d'Ivoire", "Côte", "al-Qaeda", "well-known", "north-east", "\u200b", "\u0301",
    "ﬁ", "Ⅻ", "😀", "İstanbul", "ß", "\ufeff",
)
SEPARATORS = (
    " ", " ", " ", ", ", ". ", "\n", "\n\n", "\r\n", "\t", " - ", "—", "'", "’", "\"", "“", "(", ")",
    ":", ";", "!", "?", "#", "# ", "\n# ", "* ", "> ", "...", "-", "/", "\u00a0", "\u2028", "\x00",
)

token = st.one_of(st.sampled_from(PLACE_WORDS), st.sampled_from(OTHER_WORDS), st.sampled_from(SEPARATORS),
                  st.text(max_size=6))
newsy_text = st.lists(token, max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=400), newsy_text)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _all_mentions(result):
    for group in (result.places, result.unresolved, result.demonyms):
        for item in group:
            yield from item.mentions


def _check_result(text, result, *, given=False):
    assert result.text == text
    previous_end = 0
    for index, passage in enumerate(result.passages):
        assert passage.index == index
        assert 0 <= passage.start < passage.end <= len(text), passage
        assert passage.start >= previous_end, f"passages overlap or are out of order: {result.passages}"
        previous_end = passage.end
    for mention in _all_mentions(result):
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert mention.text == text[mention.start:mention.end], mention
        assert 0 <= mention.passage < len(result.passages), mention
        passage = result.passages[mention.passage]
        if given:
            # A user's span may run past a paragraph's end; it belongs where it starts
            # (or to the passage before, when it starts in the gap between two).
            assert passage.start <= mention.start or mention.passage == 0, (mention, passage)
            later = result.passages[mention.passage + 1:]
            assert not later or mention.start < later[0].start, (mention, passage)
        else:
            assert passage.start <= mention.start and mention.end <= passage.end, (mention, passage)
    for group in (result.places, result.unresolved, result.demonyms):
        for item in group:
            assert item.mentions, f"{item.key} has no mentions"
            starts = [m.start for m in item.mentions]
            assert starts == sorted(starts)


@PROPERTY_SETTINGS
@given(text=any_text)
def test_parse_never_raises_and_offsets_point_at_their_text(small_gazetteer, text):
    _check_result(text, parse(text, small_gazetteer))


@PROPERTY_SETTINGS
@given(text=newsy_text)
def test_parse_is_deterministic(small_gazetteer, text):
    assert parse(text, small_gazetteer) == parse(text, small_gazetteer)


@PROPERTY_SETTINGS
@given(text=newsy_text, data=st.data())
def test_given_spans_are_kept_exactly(small_gazetteer, text, data):
    """Spans from a user's own recogniser come back as mentions at exactly those offsets,
    or are dropped only when they are out of range or empty."""
    # Spans over names only: a blank span is a separate, known case (test below).
    spans = [s for s in data.draw(st.lists(st.tuples(st.integers(-3, len(text) + 3),
                                                     st.integers(-3, len(text) + 3)), max_size=8))
             if text[max(s[0], 0):max(s[1], 0)].strip()]
    result = parse(text, small_gazetteer, given_spans=spans)
    _check_result(text, result, given=True)
    kept = {(m.start, m.end) for group in (result.places, result.unresolved) for item in group for m in item.mentions}
    valid = {(s, e) for s, e in spans if 0 <= s < e <= len(text)}
    assert kept <= valid


def test_the_mixed_strategy_reaches_places(small_gazetteer):
    """Guards the strategy itself: a text drawn from its words does resolve places, so the
    properties above are exercised on real recognitions, not only on empty results."""
    result = parse("Fighting reached Kabul and Herat.\n\nLater, Paris, Texas and Moscow.", small_gazetteer)
    names = {p.name for p in result.places}
    assert {"Kabul", "Herat", "Moscow"} <= names
    _check_result(result.text, result)


def test_a_blank_given_span_is_not_a_mention(small_gazetteer):
    """A user's recogniser that emits a span of only spaces must not yield a place with an
    empty key ("unresolved:") whose mention points at passage -1 (no passage at all)."""
    for text, spans in (("   ", [(0, 3)]), ("Kabul\n\n \n", [(0, 5), (7, 9)])):
        result = parse(text, small_gazetteer, given_spans=spans)
        for group in (result.places, result.unresolved):
            for item in group:
                assert item.name.strip(), item
                assert item.key != "unresolved:", item
                for mention in item.mentions:
                    assert 0 <= mention.passage < len(result.passages), mention
