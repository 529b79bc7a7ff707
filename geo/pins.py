"""Places the user pins by hand (a map click or typed coordinates) for a name the
gazetteer lacks. A pin is stored like any correction, as a place id that carries its
own coordinates, so the workspace schema stays as it is.

>>> place = pinned_place(pin_id(34.5, 69.25))
>>> (place.lat, place.lon, place.feature_type, place.source)
(34.5, 69.25, 'other', 'pinned by you')
>>> pinned_place("gn:1") is None
True
"""

from __future__ import annotations

import math
import re

from gazetteer.errors import InputError
from gazetteer.geometry import country_at
from gazetteer.model import Place

PIN_PREFIX = "pin:"
_PIN = re.compile(r"pin:(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def pin_id(lat: float, lon: float) -> str:
    """The place id of a pin, rounded to 5 decimals (about a metre).

    >>> pin_id(34.123456, -0.1)
    'pin:34.12346,-0.1'
    """
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"Not a valid latitude/longitude: {lat!r}, {lon!r}")
    return f"{PIN_PREFIX}{round(lat, 5)!r},{round(lon, 5)!r}"


def pinned_place(place_id: str) -> Place | None:
    """The Place a pin id stands for, or None when ``place_id`` is no pin."""
    match = _PIN.fullmatch(place_id or "")
    if match is None:
        return None
    lat, lon = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return Place(place_id, "Pinned point", "other", country_at(lat, lon) or "", lat, lon, source="pinned by you")
