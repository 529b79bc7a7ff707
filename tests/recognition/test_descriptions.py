"""The unit a description names after a place ("Brackwater is a town in Marlow County"),
read as the place's qualifier: one test for each rule of the reading, on made-up places."""

from __future__ import annotations

import pytest

from gazetteer.build import build_from_places
from gazetteer.model import Place
from geo.recognition import qualifiers_of


def _place(slug: str, name: str, feature_type: str, *, country: str = "US", admin1: str = "US.OK",
           lat: float = 35.0, lon: float = -97.0, population: int = 0) -> Place:
    return Place(f"t:{slug}", name, feature_type, country, lat, lon, population=population, admin1_code=admin1)


PLACES = (
    _place("brackwater", "Brackwater", "city", population=3_000),
    _place("marlow-county", "Marlow County", "admin2"),
    _place("tennarra", "Tennarra", "admin1", admin1="US.TN", lat=36.0, lon=-86.0),
    _place("quenby", "Quenby", "city", admin1="US.TN", population=40_000),
    _place("douglas", "Douglas", "admin1", admin1="US.GA", lat=33.0, lon=-83.0),
    _place("ashcombe", "Ashcombe", "city", population=9_000),
    _place("ashcombe-region", "Ashcombe", "region", country="NZ", admin1="NZ.01", lat=-41.0, lon=174.0),
    _place("orrin-river", "Orrin River", "river"),
    _place("orrin", "Orrin", "admin2", admin1="US.TN", lat=36.1, lon=-86.1),
)


@pytest.fixture(scope="module")
def gaz():
    gazetteer = build_from_places(PLACES)
    yield gazetteer
    gazetteer.close()


def _qualifier(text: str, gaz, *without: str) -> str:
    return qualifiers_of(text, [(0, len(text.split()[0]))], gaz, without=frozenset(without)).get(
        (0, len(text.split()[0])), "")


def test_description_parenthesis_a_pronunciation_does_not_end_a_description(gaz):
    text = "Brackwater (/ˈbrækwɔːtər/) is a town in Marlow County."
    assert _qualifier(text, gaz) == "marlow county"
    assert _qualifier(text, gaz, "description_parenthesis") == ""


def test_description_parenthesis_inside_a_description_is_skipped(gaz):
    text = "Brackwater is a census-designated place (CDP) in Marlow County, Tennarra."
    assert _qualifier(text, gaz) == "marlow county"
    assert _qualifier(text, gaz, "description_parenthesis") == ""


def test_description_parenthesis_that_never_closes_ends_the_description(gaz):
    text = "Brackwater is a town (built on " + "old farm land " * 12 + "by settlers in Marlow County."
    assert _qualifier(text, gaz) == ""


def test_description_position_words_do_not_hide_the_unit(gaz):
    for text in ("Brackwater is a town in southeastern Marlow County.",
                 "Brackwater is a town in north-central Marlow County."):
        assert _qualifier(text, gaz) == "marlow county", text
        assert _qualifier(text, gaz, "description_position") == "", text
    assert _qualifier("Brackwater is the seat of neighboring Marlow County.", gaz) == "marlow county"
    # a part of a unit names the unit after "of"
    assert _qualifier("Brackwater is a village in the eastern part of Marlow County.", gaz) == "marlow county"


def test_description_national_unit_reads_the_unit_after_its_country_adjective(gaz):
    text = "Brackwater is a town in the U.S. state of Tennarra."
    assert _qualifier(text, gaz) == "tennarra"
    assert _qualifier(text, gaz, "description_national_unit") == ""


def test_description_national_unit_takes_the_outer_unit_of_a_district(gaz):
    # Ashcombe is also a region elsewhere: the district's own name would pull the place there.
    text = "Brackwater is a town in the Ashcombe district of Tennarra."
    assert _qualifier(text, gaz) == "tennarra"
    assert _qualifier(text, gaz, "description_national_unit") == ""


def test_description_demonym_does_not_end_a_description(gaz):
    text = "Brackwater is a small American town in Marlow County."
    assert _qualifier(text, gaz) == "marlow county"
    assert _qualifier(text, gaz, "description_demonym") == ""


def test_description_unit_chain_reads_the_unit_after_a_comma(gaz):
    text = "Brackwater is a village in the town of Quenby, Tennarra."
    assert _qualifier(text, gaz) == "tennarra"
    assert _qualifier(text, gaz, "description_unit_chain") == ""
    # not a state that holds no Quenby, a list, or a speaker
    assert _qualifier("Brackwater is a village in the town of Quenby, Douglas.", gaz) == ""
    assert _qualifier("Brackwater is a suburb of Quenby, Douglas and Tennarra.", gaz) == ""
    assert _qualifier("Brackwater is a suburb of Quenby, Tennarra said on Monday.", gaz) == ""


def test_description_names_a_unit_passes_over_a_town_and_a_river(gaz):
    text = "Brackwater is a suburb of Quenby, Tennarra."
    assert _qualifier(text, gaz) == "tennarra"
    assert _qualifier(text, gaz, "description_names_a_unit") == "quenby"
    # a town alone is no unit; a river's name is not the county of the same name
    assert _qualifier("Brackwater is a suburb of Quenby.", gaz) == ""
    assert _qualifier("Brackwater is a village in Orrin River, Marlow County.", gaz) == "marlow county"


def test_a_description_ends_with_its_sentence_and_at_another_name(gaz):
    assert _qualifier("Brackwater was founded in 1831. The Marlow County fair is held there.", gaz) == ""
    assert _qualifier("Brackwater is a town John Quenby built in Marlow County.", gaz) == ""
    # an abbreviation's period ends no sentence
    assert _qualifier("Brackwater is a town in the U.S. state of Tennarra.", gaz) == "tennarra"
