"""The sample article against the full gazetteer: every place right, every mention
found with exact offsets, nothing that is a person, organisation or weekday on the map."""

from __future__ import annotations

import re

import pytest

from geo.pipeline import parse
from tests.conftest import SAMPLE_ARTICLE
from tests.engine.helpers import mention_texts, near, place_named


@pytest.fixture(scope="module")
def sample():
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    return text


@pytest.fixture(scope="module")
def result(sample, full_gazetteer):
    return parse(sample, full_gazetteer)


@pytest.mark.parametrize("name, feature_type, lat, lon, km", [
    ("Panjshir Valley", "valley", 35.3, 69.6, 60),
    ("Kabul", "city", 34.53, 69.17, 20),
    ("Andarab", None, 35.65, 69.25, 60),
    ("Salang tunnel", "tunnel", 35.32, 69.03, 25),
    ("Tajikistan", "country", 38.8, 71.0, 250),
    ("Hindu Kush", "mountains", 35.5, 70.5, 300),
    ("Bazarak", "city", 35.31, 69.52, 20),
    ("Istanbul", "city", 41.01, 28.97, 40),
    ("Paris", "city", 48.86, 2.35, 30),
    ("Moscow", "city", 55.75, 37.62, 40),
    ("Dubai", "city", 25.2, 55.3, 40),
    ("Sandhurst", "city", 51.35, -0.8, 30),
    ("London", "city", 51.5, -0.12, 30),
    ("Pakistan", "country", 30.0, 70.0, 400),
    ("United States", "country", 39.0, -98.0, 400),
    ("Britain", "country", 54.0, -2.0, 400),
])
def test_each_place_is_resolved_correctly(result, name, feature_type, lat, lon, km):
    place = place_named(result, name)
    if feature_type:
        assert place.place.feature_type == feature_type
    assert near(place, lat, lon, km), (place.place, place.reason)


def test_panjshir_bare_and_valley(result):
    valley = place_named(result, "Panjshir Valley")
    assert len([m for m in valley.mentions if m.text == "Panjshir Valley"]) == 10
    # "heading to the Panjshir": the bare name is on the map too, in the same valley/province
    assert any("Panjshir" == m.text for p in result.places for m in p.mentions)


def test_every_mention_is_found_with_exact_offsets(sample, result):
    for name in ("Kabul", "Tajikistan", "Afghanistan", "Panjshir Valley"):
        expected = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\b", sample)]
        found = sorted(m.start for p in result.places for m in p.mentions if m.text == name)
        assert found == expected, name
    for place in result.places + result.demonyms:
        for mention in place.mentions:
            assert sample[mention.start:mention.end] == mention.text


def test_no_person_organisation_or_weekday_on_the_map(result):
    texts = mention_texts(result)
    for wrong in ("Massoud", "Saleh", "Gall", "Ahmad", "Washington Post", "New York Times", "Sunday",
                  "Monday", "Tuesday", "Taliban", "Al Qaeda", "Arabiya", "Vice", "West", "Western",
                  "Patrick", "Adam", "Long", "King", "College"):
        assert wrong not in texts, wrong


def test_demonyms_are_linked_to_their_country_and_kept_apart(result):
    demonyms = {d.name: d for d in result.demonyms}
    assert demonyms["Afghan"].place.country_code == "AF"
    assert demonyms["Soviet"].place.feature_type == "historical_country"
    assert "Afghan" not in mention_texts(result)


def test_focus_is_afghanistan(result):
    assert result.focus.country_code == "AF"
    assert "Afghanistan" in result.focus.summary()
