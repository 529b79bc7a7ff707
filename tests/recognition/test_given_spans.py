"""Given spans get what recognition would give the same words: type word, demonym,
the place inside a longer name, and the same answer as the engine's own reading."""

from __future__ import annotations

import pytest

from gazetteer.model import Place
from geo.pipeline import parse
from tests.recognition.places import tiny_gazetteer_fixture

PLACES = (
    Place("cc:AF", "Afghanistan", "country", "AF", 33.9, 67.7),
    Place("t:panjshir-valley", "Panjshir", "valley", "AF", 35.3, 69.5),
    Place("t:panjshir-province", "Panjshir", "admin1", "AF", 35.4, 70.0, admin1_code="AF.42"),
    Place("t:tarlow-city", "Tarlow", "city", "US", 40.0, -89.0, population=60_000, admin1_code="US.IL"),
    Place("t:tarlow-district", "Tarlow", "admin2", "GB", 52.0, -1.0, admin1_code="GB.ENG"),
    Place("t:chicago", "Chicago", "city", "US", 41.85, -87.65, population=2_700_000, admin1_code="US.IL"),
    Place("t:kabul", "Kabul", "city", "AF", 34.5, 69.2, population=4_000_000, admin1_code="AF.13"),
)


gaz = tiny_gazetteer_fixture(PLACES)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _answers(result) -> dict[tuple[int, int], str | None]:
    return {(m.start, m.end): (p.place.id if p.place else None)
            for group in (result.places, result.demonyms, result.embedded, result.unresolved)
            for p in group for m in p.mentions}


def test_a_given_demonym_is_read_as_one(gaz):
    text = "Afghan elders met in Kabul on Monday."
    result = parse(text, gaz, given_spans=[_span(text, "Afghan")])
    assert [(p.place.id, [m.text for m in p.mentions]) for p in result.demonyms] == [("cc:AF", ["Afghan"])]


def test_a_given_span_keeps_the_type_word_after_it(gaz):
    text = "Flooding hit the Tarlow district overnight."
    assert _answers(parse(text, gaz, given_spans=[_span(text, "Tarlow")])) == {
        _span(text, "Tarlow"): "t:tarlow-district"}


def test_a_given_span_keeps_its_own_generic_word(gaz):
    text = "Fighters held out in the Panjshir Valley for weeks."
    assert _answers(parse(text, gaz, given_spans=[_span(text, "Panjshir Valley")])) == {
        _span(text, "Panjshir Valley"): "t:panjshir-valley"}


def test_a_given_name_of_something_else_takes_the_place_inside_it(gaz):
    text = "Runners lined up for the Chicago Autumn Marathon at dawn."
    span = _span(text, "Chicago Autumn Marathon")
    assert _answers(parse(text, gaz, given_spans=[span])) == {span: "t:chicago"}


@pytest.mark.parametrize("text", [
    "Afghan forces left Kabul for the Panjshir Valley.",
    "Flooding hit the Tarlow district. Afghan aid reached Chicago.",
])
def test_the_engines_own_spans_given_back_get_the_same_answers(gaz, text):
    own = _answers(parse(text, gaz))
    assert own and _answers(parse(text, gaz, given_spans=list(own))) == own
