"""The facts panel says when a pin is approximate."""

from __future__ import annotations

from geo.pipeline import parse
from pages.reading import facts_html

TEXT = "Stockholm is a farming town in Kingfisher County, Oklahoma. Stockholm has one grain elevator."


def test_a_place_pinned_at_its_county_is_shown_as_approximate(full_gazetteer):
    result = parse(TEXT, full_gazetteer)
    town = next(rp for rp in result.places if rp.name == "Stockholm")
    county = next(rp for rp in result.places if rp.name == "Kingfisher County")
    assert "approximate" in facts_html(town, {}.get)
    assert "approximate" not in facts_html(county, {}.get)
