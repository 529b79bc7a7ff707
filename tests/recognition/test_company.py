"""Names placed by the company they keep ("Gary, Indiana"; "Tulsa, Enid, Norman and
Moore"), on texts written for these tests, with a gazetteer built in memory."""

from __future__ import annotations

from functools import partial

import pytest

from geo.recognition import recognize
from tests.recognition.places import made_up_place, tiny_gazetteer_fixture


_place = partial(made_up_place, country="US", admin1="US.OK", lat=35.0, lon=-97.0)


PLACES = (
    _place("oklahoma", "Oklahoma", "admin1"), _place("indiana", "Indiana", "admin1", admin1="US.IN"),
    _place("tulsa", "Tulsa", population=400_000), _place("enid", "Enid", population=50_000),
    _place("norman", "Norman", population=128_000), _place("moore", "Moore", population=60_000),
    _place("gary", "Gary", population=70_000, admin1="US.IN"),
)


gaz = tiny_gazetteer_fixture(PLACES)


def _found(text, gaz, **options):
    return [r.text for r in recognize(text, gaz, **options) if r.kind == "toponym"]


@pytest.mark.parametrize("text", ["Aid from Gary, Indiana, ran out of food.",
                                  "Aid from Gary, IN, ran out of food."])
def test_named_with_its_state_a_given_name_is_the_city(gaz, text):
    assert "Gary" in _found(text, gaz)
    assert "Gary" not in _found(text, gaz, without={"named_with_its_state"})


def test_named_with_its_state_needs_a_namesake_in_that_state(gaz):
    # No Gary lies in Oklahoma: "Gary, Oklahoma's governor" is a man addressed by name.
    assert "Gary" not in _found("Gary, Oklahoma needs you, the governor wrote.", gaz)


def test_listed_with_places_a_given_name_among_towns_is_a_town(gaz):
    text = "Buses ran between Tulsa, Enid, Norman and Moore all day."
    assert _found(text, gaz) == ["Tulsa", "Enid", "Norman", "Moore"]
    assert "Norman" not in _found(text, gaz, without={"listed_with_places"})


def test_listed_with_places_leaves_a_list_of_people_alone(gaz):
    # "Norman" stands among names that are no places the gazetteer knows.
    assert _found("Awards went to Norman, Keating and Barlow on Friday.", gaz) == []
    # ... and a person the text names stays one, whatever list he stands in.
    text = "The golfer Greg Norman played. Tulsa, Enid, Norman and Moore cheered."
    assert "Norman" not in _found(text, gaz)
