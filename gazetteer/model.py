"""Gazetteer records: what the place data says about one place."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Feature types the whole project speaks. The map styles by them, the resolver ranks
# by them, and the curated table may only use these.
FEATURE_TYPES = (
    "continent", "country", "historical_country", "admin1", "admin2", "region",
    "city", "valley", "pass", "tunnel", "mountains", "mountain", "river", "lake",
    "sea", "desert", "plateau", "island", "plain", "other",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    >>> Place("gn:1138958", "Kabul", "city", "AF", 34.52813, 69.17233).country_code
    'AF'
    """

    id: str                     # "gn:<geonameid>", "cur:<slug>", "cc:<ISO2>", ...
    name: str
    feature_type: str
    country_code: str
    lat: float
    lon: float
    population: int = 0
    admin1_code: str = ""       # GeoNames style "AF.42"
    admin1_name: str = ""
    source: str = ""            # where the facts come from
    extent: tuple[tuple[float, float], ...] = field(default=())  # (lat, lon) line or box corners
    admin2_code: str = ""       # GeoNames style "US.KY.049": the county or district it lies in

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)):
            raise ValueError(f"place {self.id!r} has non-finite coordinates {self.lat!r}, {self.lon!r}")
        if abs(self.lat) > 90 or abs(self.lon) > 180:
            raise ValueError(f"place {self.id!r} has coordinates out of range: {self.lat!r}, {self.lon!r}")
        if self.feature_type not in FEATURE_TYPES:
            raise ValueError(f"place {self.id!r} has unknown feature type {self.feature_type!r}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a name may refer to, as a lookup returns it."""

    place: Place
    matched_name: str           # the gazetteer name that matched
    is_variant: bool = False    # True when the match went through fuzzy spelling
    is_preferred: bool = True   # the place's main name or a strong alias, not a noisy alternate
    importance: float = 0.0     # how prominent the place is (0-1): ranks namesakes
