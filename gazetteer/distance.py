"""The one distance of the project: great-circle (haversine) distance in km.

The evaluation corpora's README fixes the mean Earth radius (IUGG, 6371.0088 km) and
the haversine formula, so published figures compare; the engine uses the same
function, so "within 161 km" means the same everywhere.
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees.

    One degree of latitude is 2 * pi * R / 360 = 111.19508 km:

    >>> round(haversine_km(0.0, 0.0, 1.0, 0.0), 5)
    111.19508
    >>> haversine_km(48.85, 2.35, 48.85, 2.35)
    0.0
    >>> round(haversine_km(0.0, 0.0, 0.0, 180.0), 3)  # pi * R
    20015.114
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    return haversine_km_from(phi1, math.cos(phi1), lon1, phi2, math.cos(phi2), lon2)


def haversine_km_from(phi1: float, cos1: float, lon1: float, phi2: float, cos2: float, lon2: float) -> float:
    """``haversine_km`` with each latitude already in radians and its cosine computed,
    for one point measured against many: the same arithmetic in the same order, so the
    same result to the last bit.

    >>> phi1, phi2 = math.radians(48.85), math.radians(34.5)
    >>> haversine_km_from(phi1, math.cos(phi1), 2.35, phi2, math.cos(phi2), 69.2) == haversine_km(48.85, 2.35, 34.5, 69.2)
    True
    """
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + cos1 * cos2 * math.sin(dlmb / 2) ** 2
    # min() guards against a rounding error pushing a just above 1 for antipodes.
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def place_distance_km(a, b) -> float:
    """The distance between two places (anything with ``lat`` and ``lon``).

    >>> from gazetteer.model import Place
    >>> round(place_distance_km(Place("a", "A", "city", "AF", 34.5, 69.2), Place("b", "B", "city", "AF", 35.5, 69.2)))
    111
    """
    return haversine_km(a.lat, a.lon, b.lat, b.lon)
