"""Named structures ("Kotri Barrage", "Marlow Weir"): places, never organisations' names.

Texts written for these tests; the gazetteer is built in memory by the production
schema code.
"""

from __future__ import annotations

from functools import partial

import pytest

from gazetteer.build import build_from_places
from geo.pipeline import parse
from geo.recognition import recognize
from tests.recognition.places import made_up_place, tiny_gazetteer_fixture


_place = partial(made_up_place, country="PK", admin1="PK.05", lat=25.4, lon=68.3)


PLACES = (
    _place("kotri", "Kotri", population=250_000),
    _place("hyderabad", "Hyderabad", population=1_700_000),
    _place("marlow-weir", "Marlow Weir", "other", country="GB", admin1="GB.ENG", lat=51.57, lon=-0.77),
    _place("marlow", "Marlow", population=14_000, country="GB", admin1="GB.ENG", lat=51.57, lon=-0.77),
)


# A structure of little renown, as the curated table weighs its dams.
gaz = tiny_gazetteer_fixture(PLACES, importance={"t:marlow-weir": 0.35})


def _found(text, gaz, **options):
    return [(r.text, r.kind, len(r.candidates)) for r in recognize(text, gaz, **options) if r.kind != "demonym"]


BARRAGE = "Engineers opened every gate of the Kotri Barrage as the flood crest neared Hyderabad."


def test_named_structure_the_gazetteer_lacks_is_a_place_not_an_organisation(gaz):
    assert _found(BARRAGE, gaz) == [("Kotri Barrage", "toponym", 0), ("Hyderabad", "toponym", 1)]
    # Switched off, the barrage is read as the name of something else, its town kept off the map.
    assert ("Kotri", "embedded", 1) in _found(BARRAGE, gaz, without={"named_structure"})


def test_named_structure_is_listed_unresolved_rather_than_kept_off_the_map(gaz):
    result = parse(BARRAGE, gaz)
    assert [p.name for p in result.unresolved] == ["Kotri Barrage"]
    assert not result.embedded
    assert [p.place.name for p in result.places] == ["Hyderabad"]


def test_named_structure_the_gazetteer_has_is_resolved(gaz):
    text = "Boats queued below Marlow Weir after the rain."
    assert _found(text, gaz) == [("Marlow Weir", "toponym", 1)]
    assert [p.place.id for p in parse(text, gaz).places] == ["t:marlow-weir"]


def test_structure_word_lifts_a_structure_of_little_renown(gaz):
    # Marlow Weir alone weighs under acceptance: only the word "Weir" makes it a place.
    text = "Boats queued below Marlow Weir after the rain."
    assert _found(text, gaz, without={"named_structure"}) == []


def test_named_structure_after_a_name_no_place_has_is_no_person(gaz):
    # "Guddu" is nobody's given name the lexicon knows and no place the gazetteer has:
    # two such words read as a person's name, unless the second is a structure's.
    text = "Water was released from the Guddu Barrage on Friday."
    assert _found(text, gaz) == [("Guddu Barrage", "toponym", 0)]


@pytest.mark.parametrize("text", [
    "Jeremy Weir said the plan was sound.",
    "The minister, Mr. Lock, said the gates would open.",
    "Floods Threaten The Dam",
])
def test_named_structure_leaves_people_and_headlines_alone(gaz, text):
    assert _found(text, gaz) == []


def test_named_structure_the_gazetteer_knows_keeps_its_leading_title_word():
    # "Grand" is a title's word ("Grand Mufti"): before a structure's name it is no title.
    places = (_place("gerd", "Grand Ethiopian Renaissance Dam", "other", country="ET", admin1="ET.01"),)
    gazetteer = build_from_places(places, importance={"t:gerd": 0.45})
    try:
        found = _found("Ethiopia began filling the Grand Ethiopian Renaissance Dam in July.", gazetteer)
        assert found == [("Grand Ethiopian Renaissance Dam", "toponym", 1)]
    finally:
        gazetteer.close()


@pytest.mark.parametrize("text, name", [
    ("Crowds gathered on Royal Street after the parade.", "Royal Street"),
    ("Fans queued outside the Barclays Center for hours.", "Barclays Center"),
])
def test_built_place_a_street_or_building_the_gazetteer_lacks_is_a_place(gaz, text, name):
    assert _found(text, gaz) == [(name, "toponym", 0)]
    assert _found(text, gaz, without={"built_place"}) == []
    assert [p.name for p in parse(text, gaz).unresolved] == [name]


@pytest.mark.parametrize("text", [
    "The Supreme Court ruled on Monday.",          # an institution, not a building's word here
    "Stuart Hall said the talks had failed.",      # a person
    "Protest Spreads Down Main Street",            # a headline's capitals
])
def test_built_place_leaves_institutions_people_and_headlines_alone(gaz, text):
    assert _found(text, gaz) == []


def test_built_place_keeps_a_known_place_inside_the_name(gaz):
    # The city in "Hyderabad Hospital" is what the gazetteer knows; the rule adds nothing.
    found = _found("Doctors at the Hyderabad Hospital treated the injured.", gaz)
    assert ("Hyderabad Hospital", "toponym", 0) not in found
