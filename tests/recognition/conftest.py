"""A tiny gazetteer for recognition's rules, built by the production schema code."""

from __future__ import annotations

import pytest

from gazetteer.build import build_from_places
from gazetteer.model import Place
from tests.recognition.places import made_up_place


def town(name: str, population: int = 20_000, *, country: str = "US", admin1: str = "US.IL",
         feature_type: str = "city") -> Place:
    """A town of a made-up or ordinary name; 20,000 people weigh just above acceptance."""
    return made_up_place(name.lower().replace(" ", "-"), name, feature_type, population, country=country,
                         admin1=admin1, lat=40.0, lon=-89.0)


TINY = (
    town("Friday"), town("Massoud", country="AF", admin1="AF.01"), town("Governor"), town("Mark", 60_000),
    town("North", 60_000), town("Ice", 60_000), town("Hope", 60_000), town("University", 60_000), town("Price", 8_000),
    town("Olympic", 20_000, country="HK", admin1="HK.01"), town("Obama", country="JP", admin1="JP.01"),
    town("Ba", country="FJ", admin1="FJ.01"), town("Brennock"), town("Tarlow", 2_000), town("Port Tarlow", 2_000),
    town("Analytica Falls", 100), town("Chicago", 2_700_000), town("Tarlow Springs"),
    town("Wexley", feature_type="admin2"), town("Skerrin", 0, feature_type="island"),
)


@pytest.fixture(scope="module")
def tiny():
    gaz = build_from_places(TINY, importance={"t:wexley": 0.35, "t:skerrin": 0.45})
    yield gaz
    gaz.close()
