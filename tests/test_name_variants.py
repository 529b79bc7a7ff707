"""Names English news writes differently from GeoNames: the Arabic article dropped."""

from __future__ import annotations

from gazetteer.sources import ALIAS, ALTERNATE, MAIN, _without_article
from geo.pipeline import parse


def test_the_article_is_dropped_from_main_names_and_alternates():
    names = [("Al Qāmishlī", MAIN), ("Ar Raqqah", ALTERNATE), ("El-Arish", ALTERNATE), ("Ash Shaykh Miskīn", MAIN)]
    assert _without_article(names) == [("Qāmishlī", ALIAS), ("Raqqah", ALTERNATE), ("Arish", ALTERNATE),
                                       ("Shaykh Miskīn", ALIAS)]


def test_short_remainders_and_names_without_an_article_are_left_alone():
    assert _without_article([("Al Ain", MAIN), ("Alexandria", MAIN), ("Aleppo", MAIN), ("Al", MAIN)]) == []


def test_news_spellings_without_the_article_are_found(full_gazetteer):
    text = ("Kurdish officials in Qamishli said on Sunday that convoys from Mayadin had reached "
            "the Iraqi border. Aid ships docked at Hudaydah, Yemen.")
    result = parse(text, full_gazetteer)
    found = {rp.name: rp.place for rp in result.places}
    assert found["Qamishli"].country_code == "SY"
    assert found["Mayadin"].country_code == "SY"
    assert found["Hudaydah"].country_code == "YE"
