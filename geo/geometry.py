"""The shape a place is drawn as: one function for the map, the exports and the PNG.

A place is a point, a line (a valley, a river, a road the curated table traces) or a
point with a halo (a mountain range, a desert, a region known only by a bounding box,
or any place whose size the table does not trace). A box is never drawn: the corners of
a range's bounding box are not the range, and a filled box would claim every valley and
town inside it. No registry package offers named ranges, valleys and rivers as
geometry (Natural Earth's physical layers are not packaged on PyPI or npm with their
names), so the halo is sized from the box where there is one, else from the type.

>>> from gazetteer.model import Place
>>> shape = place_shape(Place("cur:hk", "Hindu Kush", "mountains", "AF", 35.8, 70.8,
...                           extent=((33.5, 66.0), (37.5, 74.0))))
>>> shape.geometry["type"], round(shape.halo_km)
('Point', 284)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from gazetteer.geometry import KM_PER_DEGREE
from gazetteer.model import Place

# Types whose two-point extent is the corners of a bounding box, not the ends of a line.
BOX_TYPES = frozenset({"mountains", "region", "desert", "plateau", "plain", "island"})

# Halo radius (km) of a place whose extent the table does not give, by feature type.
# Sized to read as "about here, this big" at the zoom the map flies to for the type;
# 0 means the marker alone says enough (a town, a pass, a tunnel) or the country's
# outline is drawn instead.
HALO_KM_BY_TYPE: dict[str, float] = {
    "mountains": 80.0, "mountain": 6.0, "desert": 150.0, "plateau": 80.0, "plain": 80.0,
    "region": 40.0, "valley": 12.0, "lake": 10.0, "sea": 150.0, "island": 15.0,
    "river": 0.0, "admin1": 0.0, "admin2": 0.0, "city": 0.0, "pass": 0.0, "tunnel": 0.0,
    "country": 0.0, "historical_country": 0.0, "continent": 0.0, "other": 0.0,
}


@dataclass(frozen=True, slots=True)
class Shape:
    """A place's drawn geometry (GeoJSON, lon/lat order) and the halo around a point."""

    geometry: dict[str, Any]
    halo_km: float = 0.0

    @property
    def is_line(self) -> bool:
        return self.geometry["type"] == "LineString"


def box_halo_km(south: float, west: float, north: float, east: float) -> float:
    """Radius of the circle about as large as a bounding box: half the geometric mean
    of its sides, so a long thin box is not drawn as a huge disc.

    >>> round(box_halo_km(0.0, 0.0, 1.0, 1.0))
    56
    """
    mid = math.radians((south + north) / 2)
    height = (north - south) * KM_PER_DEGREE
    width = (east - west) * KM_PER_DEGREE * math.cos(mid)
    return 0.5 * math.sqrt(max(height, 0.0) * max(width, 0.0))


def place_shape(place: Place) -> Shape:
    """The shape ``place`` is drawn as, everywhere: a line, or a point with a halo.

    >>> place_shape(Place("gn:1", "Kabul", "city", "AF", 34.5, 69.2)).geometry
    {'type': 'Point', 'coordinates': [69.2, 34.5]}
    >>> place_shape(Place("cur:r", "River", "river", "AF", 34.5, 69.2,
    ...                   extent=((34.5, 69.0), (34.4, 70.4)))).geometry["type"]
    'LineString'
    """
    point = {"type": "Point", "coordinates": [place.lon, place.lat]}
    extent = place.extent
    if len(extent) == 2 and place.feature_type in BOX_TYPES:
        (lat1, lon1), (lat2, lon2) = extent
        south, north = sorted((lat1, lat2))
        west, east = sorted((lon1, lon2))
        if south < north and west < east:
            return Shape(point, box_halo_km(south, west, north, east))
    elif len(set(extent)) >= 2:
        return Shape({"type": "LineString", "coordinates": [[lon, lat] for lat, lon in extent]})
    return Shape(point, HALO_KM_BY_TYPE.get(place.feature_type, 0.0))


def shape_bounds(shape: Shape) -> tuple[float, float, float, float]:
    """South, west, north, east of a shape, halo included.

    >>> [round(v, 3) for v in shape_bounds(Shape({"type": "Point", "coordinates": [10.0, 0.0]}, 111.195))]
    [-1.0, 9.0, 1.0, 11.0]
    """
    coordinates = shape.geometry["coordinates"]
    points = [coordinates] if shape.geometry["type"] == "Point" else coordinates
    lats = [lat for _lon, lat in points]
    lons = [lon for lon, _lat in points]
    dlat = shape.halo_km / KM_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(sum(lats) / len(lats))), 0.01)
    return (round(min(lats) - dlat, 6), round(min(lons) - dlon, 6),
            round(max(lats) + dlat, 6), round(max(lons) + dlon, 6))
