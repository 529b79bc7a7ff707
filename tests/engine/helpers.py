"""Small helpers the engine tests share."""

from __future__ import annotations

from geo.model import ParseResult, ResolvedPlace


def place_named(result: ParseResult, text: str) -> ResolvedPlace:
    """The resolved place one of whose mentions reads ``text`` exactly."""
    for place in result.places:
        if any(m.text == text for m in place.mentions):
            return place
    found = sorted({m.text for p in result.places for m in p.mentions})
    raise AssertionError(f"no place mentioned as {text!r}; mentions: {found}")


def mention_texts(result: ParseResult) -> set[str]:
    return {m.text for p in result.places for m in p.mentions}


def near(place: ResolvedPlace, lat: float, lon: float, km: float = 100.0) -> bool:
    from geopy.distance import geodesic
    return geodesic((place.place.lat, place.place.lon), (lat, lon)).km <= km
