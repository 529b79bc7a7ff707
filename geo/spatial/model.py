"""Domain objects of spatial descriptions: the anchor, the distance, the derived place.

A derived place is a place the text describes instead of naming ("70 miles north of
Kabul"). It keeps what the text says (relation, anchors, distance as written, bearing)
apart from what the model computed from it (an area, its centre and uncertainty), so
a reader can see both, and an unreadable description keeps its words and a reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shapely import Point
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep

from gazetteer.model import Place
from geo.model import Mention

# The kinds of relation a description can state, in the words the exports use.
RELATIONS = (
    "distance_direction",   # "70 miles north of Kabul"
    "distance",             # "some 300 kilometres from the capital"
    "within",               # "within 50 km of Mosul"
    "direction",            # "north of Kabul", "just south of Homs"
    "part",                 # "northern Afghanistan", "in the west of the country"
    "side",                 # "on the western side of Kabul", "on the north side of the Salang tunnel"
    "near",                 # "near", "outside", "on the outskirts of", "a suburb of"
    "border",               # "near the border with Pakistan", "on the Afghan-Pakistani border"
    "between",              # "between Kabul and Jalalabad"
    "along",                # "along the Kabul River"
    "road",                 # "on the highway from Kabul to the north"
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The named place a description is measured from, as the text refers to it.

    ``key`` is the ResolvedPlace key of a named mention, or ``"capital:AF"`` /
    ``"country:AF"`` for "the capital" / "the country" read through the article's focus.
    ``place`` is None when the name has no gazetteer entry (the description then has no
    geometry, only a reason).
    """

    key: str
    text: str
    start: int
    end: int
    place: Place | None
    kind: str = "toponym"       # "toponym", "demonym", "capital", "country"


@dataclass(frozen=True, slots=True)
class Distance:
    """A distance as written ("60 to 70 miles") and in kilometres.

    ``low_km``/``high_km`` are the stated range (equal for a single number); ``spread``
    is the share either way that hedges and rounding allow.

    >>> Distance("70 miles", "miles", 112.65408, 112.65408, 0.1).km
    112.65408
    """

    text: str
    unit: str
    low_km: float
    high_km: float
    spread: float = 0.0

    @property
    def km(self) -> float:
        return (self.low_km + self.high_km) / 2


@dataclass(frozen=True, slots=True)
class DerivedPlace:
    """A place the text describes relative to anchors, with the area it stands for.

    ``geometry`` is what a map draws (a polygon, or the line of a border, river or road)
    and ``area`` the polygon the place lies in (the line's band); both in lon/lat.
    ``uncertainty_km`` is the point-radius equivalent: the distance from ``centre`` to
    the farthest point of ``area``. When the description cannot be drawn (an anchor the
    gazetteer lacks, an absurd distance) the geometry fields are None and ``reason``
    says why. ``describes`` is the key of a named place the same phrase describes ("the
    Panjshir Valley, 70 miles north of Kabul"), else "".
    """

    relation: str
    mention: Mention
    anchors: tuple[Anchor, ...]
    distance: Distance | None = None
    bearing_deg: float | None = None
    geometry: BaseGeometry | None = None
    area: BaseGeometry | None = None
    centre: tuple[float, float] | None = None      # (lat, lon)
    uncertainty_km: float | None = None
    area_km2: float | None = None
    method: str = ""            # how the area was computed, in one plain sentence
    reason: str = ""            # why there is no area ("" when there is one)
    describes: str = ""
    rule: str = ""              # the name of the recognition rule that found it

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}; expected one of {RELATIONS}")

    @property
    def has_area(self) -> bool:
        return self.area is not None and not self.area.is_empty

    @property
    def anchor(self) -> Anchor | None:
        return self.anchors[0] if self.anchors else None

    @property
    def distance_km(self) -> float | None:
        return self.distance.km if self.distance is not None else None

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point lies in the derived area (False when there is none)."""
        if not self.has_area or not (math.isfinite(lat) and math.isfinite(lon)):
            return False
        prepared = _prepared(self.area)
        # Areas keep their longitudes continuous across the antimeridian (up to 190).
        return any(prepared.covers(Point(x, lat)) for x in (lon, lon + 360, lon - 360))

    def anchor_names(self) -> str:
        """The anchors as the text writes them: 'Kabul', 'Kabul and Jalalabad'."""
        return " and ".join(a.text for a in self.anchors)


def derived_key(index: int) -> str:
    """The key a derived place is selected by on the map and in the reader: its index
    in ``ParseResult.derived``, which no named place's key can be.

    >>> derived_key(3)
    'derived:3'
    """
    return f"derived:{index}"


def _prepared(geometry: BaseGeometry):
    # Prepared geometries answer many point tests much faster; a derived place is asked
    # once per candidate, so the preparation is not cached across objects.
    return prep(geometry)
