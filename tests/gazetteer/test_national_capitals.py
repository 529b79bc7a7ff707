"""A country's capital, as resolution asks for it: the most populous city of the
capital's name in that country."""

from __future__ import annotations

from gazetteer.build import build_from_places
from gazetteer.model import Place


def test_the_capital_is_the_most_populous_city_of_its_name_in_the_country(tmp_path):
    places = [
        Place("gn:1", "Washington", "city", "US", 38.9, -77.0, population=690_000, admin1_code="US.DC"),
        Place("gn:2", "Washington", "city", "US", 37.1, -113.5, population=24_000, admin1_code="US.UT"),
        Place("gn:3", "Washington", "city", "GB", 54.9, -1.5, population=67_000, admin1_code="GB.ENG"),
    ]
    gazetteer = build_from_places(places)
    assert gazetteer.national_capital_id("US") == "gn:1"
    # Britain's capital is London, which this gazetteer lacks: no capital, not a namesake.
    assert gazetteer.national_capital_id("GB") == ""
    assert gazetteer.national_capital_id("ZZ") == ""
