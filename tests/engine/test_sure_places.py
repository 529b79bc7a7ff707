"""The article's sure places, indexed by latitude: a candidate's nearest sure place is
the one a look at every sure place finds."""

from __future__ import annotations

import random

from gazetteer.distance import place_distance_km
from gazetteer.model import Place
from geo.resolution import weights as w
from geo.resolution.article import SurePlaces, nearest_anchor


def _every_one(place: Place, places: list[tuple[Place, str]], own_key: str) -> tuple[str, float] | None:
    best = None
    for anchor, key in places:
        if key == own_key or anchor.id == place.id:
            continue
        distance = place_distance_km(place, anchor)
        if distance <= w.NEAR_KM and (best is None or distance < best[1]):
            best = (anchor.name, distance)
    return best


def test_the_nearest_sure_place_is_the_one_every_place_gives():
    rng = random.Random(3)
    places = [(Place(f"p{i}", f"P{i}", "city", "XX", rng.uniform(30, 40), rng.uniform(60, 75)), f"k{i % 7}")
              for i in range(40)]
    # Two sure places on one point: the first of them is named, as before.
    places.append((Place("twin", "Twin", "city", "XX", places[0][0].lat, places[0][0].lon), "twin"))
    sure = SurePlaces.of(places)
    found = 0
    for i in range(300):
        probe = Place(f"q{i}", "Q", "city", "XX", rng.uniform(27, 43), rng.uniform(58, 77))
        own = f"k{i % 9}"
        assert nearest_anchor(probe, sure, own) == _every_one(probe, places, own)
        found += nearest_anchor(probe, sure, own) is not None
    assert nearest_anchor(places[0][0], sure, "none") == _every_one(places[0][0], places, "none")
    assert 0 < found < 300


def test_of_two_sure_places_equally_near_the_first_is_named_wherever_their_latitudes():
    # One degree north and one south of the equator on one meridian: the same distance to the bit.
    north = Place("n", "North", "city", "XX", 1.0, 69.0)
    south = Place("s", "South", "city", "XX", -1.0, 69.0)
    probe = Place("q", "Q", "city", "XX", 0.0, 69.0)
    assert place_distance_km(probe, north) == place_distance_km(probe, south)
    assert nearest_anchor(probe, SurePlaces.of([(north, "n"), (south, "s")]), "q")[0] == "North"
    assert nearest_anchor(probe, SurePlaces.of([(south, "s"), (north, "n")]), "q")[0] == "South"
