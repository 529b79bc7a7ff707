"""A geopy-compatible geocoder over the offline gazetteer.

It speaks geopy's contract (``geocode(query, *, exactly_one=True, timeout=None)``,
``reverse(query, *, exactly_one=True)``), returning ``geopy.location.Location`` objects
with the gazetteer row in ``raw``; an online geopy geocoder can stand in for it and
``geopy.extra.rate_limiter.RateLimiter`` can wrap either.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol

from geopy.location import Location
from geopy.point import Point

from gazetteer.model import Place
from gazetteer.store import Gazetteer


class Geocoder(Protocol):
    """What the project needs of a geocoder: the part of geopy's contract it uses."""

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: float | None = None) -> Any: ...

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: float | None = None) -> Any: ...


def _address(place: Place) -> str:
    parts = [place.name]
    if place.admin1_name and place.admin1_name != place.name:
        parts.append(place.admin1_name)
    if place.country_code:
        parts.append(place.country_code)
    return ", ".join(parts)


def place_to_location(place: Place) -> Location:
    raw = dataclasses.asdict(place)
    return Location(_address(place), Point(place.lat, place.lon), raw)


class OfflineGeocoder:
    """Geocode with the offline gazetteer.

    >>> from gazetteer import open_gazetteer
    >>> geocoder = OfflineGeocoder(open_gazetteer())
    >>> geocoder.geocode("Kabul").raw["country_code"]
    'AF'
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: float | None = None,
                limit: int | None = None) -> Location | list[Location] | None:
        # The timeout is accepted for geopy compatibility; a local lookup never waits.
        if not isinstance(query, str):
            raise TypeError(f"query must be a string, not {type(query).__name__}: {query!r}")
        candidates = self.gazetteer.candidates(query)
        if not candidates:
            return None
        locations = [place_to_location(c.place) for c in candidates]
        if exactly_one:
            return locations[0]
        return locations[:limit] if limit else locations

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: float | None = None,
                limit: int | None = None) -> Location | list[Location] | None:
        point = Point(query)
        places = self.gazetteer.nearest(point.latitude, point.longitude, limit=limit or (1 if exactly_one else 10))
        if not places:
            return None
        locations = [place_to_location(place) for place in places]
        return locations[0] if exactly_one else locations
