"""Abbreviations as places and as qualifiers, on a tiny gazetteer."""

from __future__ import annotations

import pytest

from gazetteer.abbreviations import abbreviations
from gazetteer.model import Place
from geo.pipeline import parse
from geo.recognition import recognize
from tests.recognition.places import tiny_gazetteer_fixture


def _state(code: str, name: str, lat: float, lon: float) -> Place:
    return Place(f"t:{code}", name, "admin1", code.split(".")[0], lat, lon, admin1_code=code)


def _city(slug: str, name: str, code: str, population: int, lat: float, lon: float) -> Place:
    return Place(f"t:{slug}", name, "city", code.split(".")[0], lat, lon, population=population, admin1_code=code)


PLACES = (
    _state("US.IL", "Illinois", 40.0, -89.2), _state("US.MO", "Missouri", 38.4, -92.5),
    _state("US.WV", "West Virginia", 38.6, -80.6), _state("US.WA", "Washington", 47.4, -120.5),
    _state("US.IN", "Indiana", 39.8, -86.3), _state("US.LA", "Louisiana", 31.0, -92.0),
    _state("US.ND", "North Dakota", 47.5, -100.5), _state("AU.08", "Western Australia", -25.0, 122.0),
    _state("AU.02", "New South Wales", -32.0, 147.0), _state("AU.04", "Queensland", -22.0, 144.0),
    _state("CA.08", "Ontario", 50.0, -86.0), _state("CA.02", "British Columbia", 54.0, -125.0),
    _state("CA.03", "Manitoba", 55.0, -97.0),
    _city("dauphin", "Dauphin", "CA.03", 8_000, 51.15, -100.05),
    _city("brandon-mb", "Brandon", "CA.03", 48_000, 49.85, -99.95),
    _city("springfield-il", "Springfield", "US.IL", 114_000, 39.80, -89.64),
    _city("springfield-mo", "Springfield", "US.MO", 169_000, 37.21, -93.29),
    _city("perth-au", "Perth", "AU.08", 1_900_000, -31.95, 115.86),
    _city("perth-gb", "Perth", "GB.SCT", 47_000, 56.40, -3.43),
    _city("spokane", "Spokane", "US.WA", 220_000, 47.66, -117.43),
    _city("muncie", "Muncie", "US.IN", 68_000, 40.19, -85.39),
    _city("kelowna", "Kelowna", "CA.02", 150_000, 49.88, -119.49),
    _city("kamloops", "Kamloops", "CA.02", 100_000, 50.67, -120.32),
    Place("gn:5368361", "Los Angeles", "city", "US", 34.05, -118.24, population=3_800_000, admin1_code="US.CA"),
    _city("washington-dc", "Washington", "US.DC", 690_000, 38.90, -77.04),
)


gaz = tiny_gazetteer_fixture(PLACES, aliases={"t:US.LA": ["La."]})


def _places(text, gaz, **options):
    return [(r.text, r.candidates[0].place.name) for r in recognize(text, gaz, **options)
            if r.kind == "toponym" and r.candidates]


def _chosen(text, gaz, name):
    return [p.place.id for p in parse(text, gaz).places if p.name == name]


def test_a_postal_code_after_a_comma_qualifies_the_town(gaz):
    assert _chosen("The council of Springfield, IL, met on Monday.", gaz, "Springfield") == ["t:springfield-il"]
    assert _chosen("The council of Springfield met on Monday.", gaz, "Springfield") == ["t:springfield-mo"]


def test_an_ambiguous_form_qualifies_by_the_state_that_holds_the_town(gaz):
    assert [r.qualifier for r in recognize("Crowds gathered in Perth, WA, at noon.", gaz)
            if r.text == "Perth"] == ["western australia"]
    assert [r.qualifier for r in recognize("Crowds gathered in Spokane, WA, at noon.", gaz)
            if r.text == "Spokane"] == ["washington"]


def test_ambiguous_postal_codes_are_no_places_alone(gaz):
    assert _places("They went IN and came OUT. Muncie, IN, voted.", gaz) == [("Muncie", "Muncie")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Storms hit W.Va. overnight.", [("W.Va", "West Virginia")]),
    ("Fires spread across NSW and Qld this week.", [("NSW", "New South Wales"), ("Qld", "Queensland")]),
    ("The B.C. premier flew to Ont. on Friday.", [("B.C.", "British Columbia"), ("Ont", "Ontario")]),
    ("Traffic in L.A. was slow.", [("L.A.", "Los Angeles")]),
    ("Farmers in N. Dakota harvested early.", [("N. Dakota", "North Dakota")]),
])
def test_unambiguous_forms_are_places_anywhere(gaz, text, expected):
    assert _places(text, gaz) == expected


def _mentions_of(text, gaz):
    return {text[m.start:m.end]: p.place.id for p in parse(text, gaz).places for m in p.mentions}


def test_an_abbreviated_state_stays_the_state_beside_its_full_name(gaz):
    # "Wash." can only be the state; the bare "Washington" later in the story must not
    # pull it to the city of the same name.
    text = "WINLOCK, Wash. - The team flew home on Monday. Officials in Washington praised it."
    assert _mentions_of(text, gaz)["Wash"] == "t:US.WA"


def test_a_year_before_christ_is_no_province(gaz):
    assert _places("The fort was built in 500 B.C. by the river.", gaz) == []


def test_compass_abbreviation_can_be_switched_off(gaz):
    assert _places("Farmers in N. Dakota harvested early.", gaz, without={"compass_abbreviation"}) == []


def test_abbreviation_can_be_switched_off(gaz):
    assert _places("Fires spread across NSW this week.", gaz, without={"abbreviation"}) == []
    assert [r.qualifier for r in recognize("Springfield, IL, met.", gaz, without={"abbreviation"})] == [""]


def test_every_row_has_a_known_use_a_source_and_a_target_in_the_gazetteer(full_gazetteer):
    for form, rows in abbreviations().items():
        for row in rows:
            assert row.source and row.use in ("place", "qualifier"), form
            place = full_gazetteer.admin1(row.target) if row.is_admin1 else full_gazetteer.get(row.target)
            assert place is not None, (form, row.target)
    assert all(row.use == "qualifier" for form in ("IN", "OR", "ME", "OK", "HI") for row in abbreviations()[form])


def test_qualifier_abbreviation_mention_names_the_state_after_its_town(gaz):
    text = "The council of Springfield, IL, met on Monday."
    assert _places(text, gaz) == [("Springfield", "Springfield"), ("IL", "Illinois")]
    assert _places(text, gaz, without={"qualifier_abbreviation_mention"}) == [("Springfield", "Springfield")]
    # Of two states written alike, the one that holds the town.
    assert _places("Crowds gathered in Perth, WA, at noon.", gaz)[1] == ("WA", "Western Australia")


def test_abbreviation_in_its_country_names_a_province_among_its_towns(gaz):
    text = "Fires forced evacuations near Kelowna and Kamloops, and BC officials asked for help."
    assert ("BC", "British Columbia") in _places(text, gaz)
    assert ("BC", "British Columbia") not in _places(text, gaz, without={"abbreviation_in_its_country"})


@pytest.mark.parametrize("text", [
    "Officials in Spokane and Muncie checked voter ID laws and the WA rules.",   # US codes alone are acronyms
    "Fires near Kelowna and Kamloops: the BC-based firm said it would rebuild.",  # inside a compound
    "Fires near Kelowna and Kamloops. READ MORE BC NEWS HERE.",                  # a line of capitals
])
def test_abbreviation_in_its_country_leaves_acronyms_and_capitals_alone(gaz, text):
    assert not any(form in ("BC", "WA", "ID") for form, _ in _places(text, gaz))


def test_dotted_qualifier_mention_names_the_province_after_its_town(gaz):
    text = "Flooding hit Dauphin, Man., on Sunday."
    assert _places(text, gaz) == [("Dauphin", "Dauphin"), ("Man", "Manitoba")]
    assert _places(text, gaz, without={"dotted_qualifier_mention"}) == [("Dauphin", "Dauphin")]
    assert _places("The Man. of the Year went to Dauphin.", gaz) == [("Dauphin", "Dauphin")]


def test_named_with_its_state_reads_a_dateline_that_opens_the_story(gaz):
    # Brandon is a given name too: its province after the comma makes it the city.
    text = "BRANDON, Man. — Hail flattened the crops."
    assert _places(text, gaz) == [("BRANDON", "Brandon"), ("Man", "Manitoba")]
    assert ("BRANDON", "Brandon") not in _places(text, gaz, without={"named_with_its_state"})
    # A sentence's first word with a possessive state is a person: "Brandon, Manitoba's ..."
    assert ("Brandon", "Brandon") not in _places("Brandon, Manitoba's best curler, retired.", gaz)


def test_dotted_qualifier_mention_is_no_club_and_needs_a_town_of_the_province(gaz):
    assert ("Man", "Manitoba") not in _places("Fans in Kelowna, Man. United and Dauphin cheered.", gaz)
    assert ("Man", "Manitoba") not in _places("Crowds in Spokane, Man. of the year, cheered.", gaz)
