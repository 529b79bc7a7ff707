"""Ordinary words and surnames that towns share are no places, and do not move the
article's focus; their neighbours in a local story still resolve there. Texts written
for these tests, on the full gazetteer."""

from __future__ import annotations

from geo.pipeline import parse
from tests.engine.helpers import mention_texts, place_named


def test_surnames_and_adjectives_stay_off_the_map(full_gazetteer):
    result = parse("The Olympic champion thanked Gore and Young after the race in Kabul.", full_gazetteer)
    assert mention_texts(result) == {"Kabul"}
    assert result.focus.country_code == "AF"


def test_weather_word_at_a_sentence_start_is_no_city_and_a_list_of_towns_keeps_its_state(full_gazetteer):
    # "Hail" is also a spelling of Ha'il, Saudi Arabia; "Tyler" a given name.
    result = parse("Hail battered cars in Tyler, Longview and Paris overnight.", full_gazetteer)
    assert "Hail" not in mention_texts(result)
    assert result.focus.country_code == "US"
    assert place_named(result, "Tyler").place.admin1_code == "US.TX"
    assert place_named(result, "Paris").place.admin1_code == "US.TX"
