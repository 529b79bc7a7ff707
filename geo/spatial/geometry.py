"""Shapes for derived places, built with shapely in a local plane around the anchor.

Every shape is built in an azimuthal equidistant plane (kilometres) centred on the
anchor: in that plane "d km at bearing b from the anchor" is exactly (d sin b, d cos b),
so the point-radius method needs no geodesic library, and circles, sectors and buffers
are shapely's own operations. The plane is spherical; over the few hundred kilometres
a description spans its distortion (under 1 % at 1,000 km) is far below the
descriptions' own uncertainty. pyproj would do the same with a dependency; shapely's
``transform`` with two short numpy formulas is enough.

Country outlines come from ``gazetteer/data/countries.geojson`` (Natural Earth 1:50M);
the outlines of states and provinces from ``gazetteer/data/admin1_outlines.geojson``
(Natural Earth 1:10M admin-1, simplified to about 2 km in the US, Canada and Australia
and to about 5 km elsewhere; left out where Natural Earth's codes no longer match
GeoNames'), keyed by GeoNames admin1 code ("US.IA").
"""

from __future__ import annotations

import json
import math
from functools import cache

import numpy as np
import shapely
from shapely import LineString, MultiLineString, Point, Polygon, make_valid
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from gazetteer.distance import EARTH_RADIUS_KM
from gazetteer.geometry import OUTLINES_PATH
from gazetteer.paths import CURATED_DIR

ADMIN1_OUTLINES_PATH = CURATED_DIR / "admin1_outlines.geojson"

# Segments per quarter circle: 16 keeps a 100 km circle's edge within 50 m of the arc.
QUAD_SEGMENTS = 16


class Plane:
    """An azimuthal equidistant plane (km) centred on a point (spherical Earth).

    >>> plane = Plane(34.53, 69.17)
    >>> x, y = plane.forward_point(34.53 + 1.0, 69.17)
    >>> round(x, 3), round(y, 1)
    (0.0, 111.2)
    >>> [round(v, 4) for v in plane.inverse_point(x, y)]
    [35.53, 69.17]
    """

    __slots__ = ("lat", "lon", "_sin0", "_cos0")

    def __init__(self, lat: float, lon: float) -> None:
        self.lat, self.lon = lat, lon
        self._sin0, self._cos0 = math.sin(math.radians(lat)), math.cos(math.radians(lat))

    # forward and inverse run on every area a parse draws, mostly of a few dozen
    # vertices, where numpy's Python-level helpers (clip, where, column_stack, errstate)
    # cost many times the arithmetic: they use plain ufuncs and masks instead, with the
    # same operations in the same order, so every coordinate comes out the same.

    def forward(self, coords: np.ndarray) -> np.ndarray:
        """(N, 2) lon/lat degrees -> (N, 2) x/y km."""
        lam = np.radians(coords[:, 0] - self.lon)
        phi = np.radians(coords[:, 1])
        sin_phi, cos_phi, cos_lam = np.sin(phi), np.cos(phi), np.cos(lam)
        cos_c = _clipped(self._sin0 * sin_phi + self._cos0 * cos_phi * cos_lam)
        c = np.arccos(cos_c)
        sin_c = np.sin(c)
        centre = c < 1e-12
        sin_c[centre] = 1.0     # no 0/0 at the centre, where k is 1
        k = c / sin_c
        k[centre] = 1.0
        return _pairs(EARTH_RADIUS_KM * k * cos_phi * np.sin(lam),
                      EARTH_RADIUS_KM * k * (self._cos0 * sin_phi - self._sin0 * cos_phi * cos_lam))

    def inverse(self, coords: np.ndarray) -> np.ndarray:
        """(N, 2) x/y km -> (N, 2) lon/lat degrees (lon continuous around the centre)."""
        x, y = coords[:, 0], coords[:, 1]
        rho = np.hypot(x, y)
        c = rho / EARTH_RADIUS_KM
        sin_c, cos_c = np.sin(c), np.cos(c)
        centre = rho < 1e-9
        divisor = rho.copy()
        divisor[centre] = 1.0   # no division by 0 at the centre, where the ratio is 0
        ratio = y * sin_c * self._cos0 / divisor
        ratio[centre] = 0.0
        phi = np.arcsin(_clipped(cos_c * self._sin0 + ratio))
        lam = np.arctan2(x * sin_c, rho * self._cos0 * cos_c - y * self._sin0 * sin_c)
        return _pairs(self.lon + np.degrees(lam), np.degrees(phi))

    # Single points skip numpy: its per-call overhead is larger than the arithmetic.
    def forward_point(self, lat: float, lon: float) -> tuple[float, float]:
        lam, phi = math.radians(lon - self.lon), math.radians(lat)
        cos_c = max(-1.0, min(1.0, self._sin0 * math.sin(phi) + self._cos0 * math.cos(phi) * math.cos(lam)))
        c = math.acos(cos_c)
        k = 1.0 if c < 1e-12 else c / math.sin(c)
        return (EARTH_RADIUS_KM * k * math.cos(phi) * math.sin(lam),
                EARTH_RADIUS_KM * k * (self._cos0 * math.sin(phi) - self._sin0 * math.cos(phi) * math.cos(lam)))

    def inverse_point(self, x: float, y: float) -> tuple[float, float]:
        """(lat, lon) of a plane point."""
        rho = math.hypot(x, y)
        c = rho / EARTH_RADIUS_KM
        ratio = 0.0 if rho < 1e-9 else y * math.sin(c) * self._cos0 / rho
        phi = math.asin(max(-1.0, min(1.0, math.cos(c) * self._sin0 + ratio)))
        lam = math.atan2(x * math.sin(c), rho * self._cos0 * math.cos(c) - y * self._sin0 * math.sin(c))
        return math.degrees(phi), self.lon + math.degrees(lam)

    def to_plane(self, geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geometry, self.forward)

    def to_lonlat(self, geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geometry, self.inverse)


def _clipped(values: np.ndarray) -> np.ndarray:
    """``values`` clipped to -1..1 (what ``np.clip`` gives, without its checks)."""
    return np.minimum(np.maximum(values, -1.0), 1.0)


def _pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Two (N,) arrays as the columns of one (N, 2) array (``np.column_stack``'s result)."""
    out = np.empty((len(first), 2))
    out[:, 0] = first
    out[:, 1] = second
    return out


def offset(bearing_deg: float, km: float) -> tuple[float, float]:
    """Plane coordinates of the point ``km`` from the centre at ``bearing_deg``.

    >>> [round(v, 6) for v in offset(90, 10)]
    [10.0, 0.0]
    """
    radians = math.radians(bearing_deg)
    return km * math.sin(radians), km * math.cos(radians)


def disc(x: float, y: float, radius_km: float) -> Polygon:
    return Point(x, y).buffer(radius_km, quad_segs=QUAD_SEGMENTS)


def sector(bearing_deg: float, half_width_deg: float, inner_km: float, outer_km: float) -> Polygon:
    """The part of the ring inner..outer km around the centre within ``half_width_deg`` of the bearing.

    >>> round(sector(0, 45, 0, 10).area)   # a quarter of a 10 km disc (78.5 km²)
    78
    """
    steps = max(4, int(half_width_deg / 3))
    angles = np.linspace(bearing_deg - half_width_deg, bearing_deg + half_width_deg, steps + 1)
    outer = [offset(a, outer_km) for a in angles]
    inner = [offset(a, inner_km) for a in angles[::-1]] if inner_km > 0 else [(0.0, 0.0)]
    return Polygon(outer + inner).buffer(0)


def half_plane(bearing_deg: float, through: float, size_km: float) -> Polygon:
    """The half of a square of side 2*size_km (around the centre) beyond the line at
    ``through`` km along the bearing, perpendicular to it."""
    ux, uy = offset(bearing_deg, 1.0)
    vx, vy = -uy, ux        # across the bearing
    near, far = through, size_km
    corners = [(ux * d + vx * s, uy * d + vy * s) for d, s in ((near, -size_km), (far, -size_km),
                                                                 (far, size_km), (near, size_km))]
    return Polygon(corners)


def extent_along(geometry: BaseGeometry, bearing_deg: float) -> tuple[float, float]:
    """The least and greatest position of the shape along the bearing (km)."""
    ux, uy = offset(bearing_deg, 1.0)
    coords = shapely.get_coordinates(geometry)
    projected = coords[:, 0] * ux + coords[:, 1] * uy
    return float(projected.min()), float(projected.max())


def farthest_km(geometry: BaseGeometry, x: float, y: float) -> float:
    """The distance from (x, y) to the shape's farthest vertex (km)."""
    coords = shapely.get_coordinates(geometry)
    return float(np.hypot(coords[:, 0] - x, coords[:, 1] - y).max()) if len(coords) else 0.0


# -- country outlines ----------------------------------------------------------------


@cache
def _outline_features() -> dict[str, list[dict]]:
    collection = json.loads(OUTLINES_PATH.read_text(encoding="utf-8"))
    by_code: dict[str, list[dict]] = {}
    for feature in collection["features"]:
        code = (feature.get("properties") or {}).get("iso_a2")
        if code:
            by_code.setdefault(code.upper(), []).append(feature["geometry"])
    return by_code


@cache
def _admin1_outline_features() -> dict[str, list[dict]]:
    collection = json.loads(ADMIN1_OUTLINES_PATH.read_text(encoding="utf-8"))
    return {feature["properties"]["gn_a1_code"].upper(): [feature["geometry"]] for feature in collection["features"]}


@cache
def outline(country_code: str) -> BaseGeometry | None:
    """The outline (lon/lat) of a country ("AF") or of a state or province with an
    admin-1 outline ("US.IA"), or None when the outlines lack it.

    >>> outline("AF").contains(Point(69.17, 34.53)), outline("XX") is None
    (True, True)
    >>> outline("US.IA").contains(Point(-93.61, 41.60)), outline("US.NE").contains(Point(-93.61, 41.60))
    (True, False)
    """
    features = _admin1_outline_features() if "." in country_code else _outline_features()
    geometries = features.get(country_code.upper())
    if not geometries:
        return None
    # Mended one by one first: a 1:50M outline may touch itself (Australia's, at its
    # Indian Ocean territories), which union_all refuses.
    return unary_union([make_valid(shape(g)) for g in geometries]).buffer(0)


# Outlines of neighbours meet within this many degrees (1:50M vertices do not always
# coincide exactly); 0.05 degrees is about 5 km.
_SHARED_TOLERANCE_DEG = 0.05


def shared_border(code_a: str, code_b: str) -> BaseGeometry | None:
    """The line where two countries' (or two states' or provinces': "US.IA", "US.NE")
    outlines meet (lon/lat), or None when they do not.

    >>> round(shared_border("AF", "TJ").length, 0) > 5    # degrees of line
    True
    >>> shared_border("AF", "FR") is None
    True
    """
    code_a, code_b = sorted((code_a.upper(), code_b.upper()))     # the same line either way round
    return _shared_border(code_a, code_b)


@cache
def _shared_border(code_a: str, code_b: str) -> BaseGeometry | None:
    a, b = outline(code_a), outline(code_b)
    if a is None or b is None or code_a == code_b:
        return None
    if not a.buffer(_SHARED_TOLERANCE_DEG).intersects(b):
        return None
    line = a.boundary.intersection(b.buffer(_SHARED_TOLERANCE_DEG))
    parts = [g for g in getattr(line, "geoms", [line]) if isinstance(g, (LineString, MultiLineString))]
    if not parts:
        return None
    merged = shapely.line_merge(unary_union(parts))
    return merged if merged.length > 0.02 else None

