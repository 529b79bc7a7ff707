"""Which country a point lies in, from the committed Natural Earth outlines.

Pure Python on purpose (no shapely): the outlines are 1:50M and checks are few, so
ray casting behind bounding-box prefilters is fast enough (well under a millisecond
for most points) and keeps the install small. Every function takes an optional
``outlines=`` (from ``load_outlines(path)``); the default is the committed
``gazetteer/data/countries.geojson``, read once per process.

>>> country_at(34.53, 69.17)          # Kabul
'AF'
>>> contains("AF", 34.53, 69.17)
True
>>> contains("AF", 34.53, 69.17 + 2.0)
False
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gazetteer.distance import KM_PER_DEGREE
from gazetteer.errors import GazetteerError, InputError
from gazetteer.paths import CURATED_DIR

OUTLINES_PATH = CURATED_DIR / "countries.geojson"

Ring = tuple[tuple[float, float], ...]  # (lon, lat) pairs, closed; lon may exceed 180
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


@dataclass(frozen=True, slots=True)
class Polygon:
    """One outer ring and its holes, with the outer ring's bounding box."""

    rings: tuple[Ring, ...]
    bbox: BBox


@dataclass(frozen=True, slots=True)
class Outline:
    """One country feature of countries.geojson (a code may own several)."""

    iso_a2: str | None
    name: str
    polygons: tuple[Polygon, ...]
    bbox: BBox


def _bbox(points) -> BBox:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _outline(feature: dict) -> Outline:
    geometry = feature["geometry"]
    coordinates = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    polygons = tuple(
        Polygon(
            rings=tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in rings),
            bbox=_bbox(rings[0]),
        )
        for rings in coordinates
    )
    boxes = [p.bbox for p in polygons]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    props = feature["properties"]
    return Outline(iso_a2=props.get("iso_a2"), name=props.get("name") or "", polygons=polygons, bbox=bbox)


@dataclass(frozen=True, slots=True)
class Outlines:
    """A set of country outlines, indexed by code. Shared: never mutate it."""

    items: tuple[Outline, ...]
    by_code: dict[str, tuple[Outline, ...]]

    @classmethod
    def of(cls, items: tuple[Outline, ...]) -> Outlines:
        grouped: dict[str, list[Outline]] = {}
        for outline in items:
            if outline.iso_a2:
                grouped.setdefault(outline.iso_a2, []).append(outline)
        return cls(items=items, by_code={code: tuple(group) for code, group in grouped.items()})


def load_outlines(path: Path = OUTLINES_PATH) -> Outlines:
    """Read a GeoJSON FeatureCollection of country outlines (properties iso_a2, name)."""
    try:
        collection = json.loads(Path(path).read_text(encoding="utf-8"))
        return Outlines.of(tuple(_outline(feature) for feature in collection["features"]))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise GazetteerError(f"Cannot read country outlines from {path}: {exc}") from exc


@cache
def default_outlines() -> Outlines:
    """The committed outlines, read once per process and shared."""
    return load_outlines()


def has_outline(country_code: str, *, outlines: Outlines | None = None) -> bool:
    """Whether there is an outline for this ISO alpha-2 code.

    A few tiny countries (Gibraltar, Tuvalu) are below the committed outlines' 1:50M
    resolution.

    >>> has_outline("af"), has_outline("GI")
    (True, False)
    """
    return country_code.upper() in (default_outlines() if outlines is None else outlines).by_code


def _check_point(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"Not a valid latitude/longitude: {lat!r}, {lon!r}")


def _in_box(box: BBox, lat: float, lon: float) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _in_ring(ring: Ring, lat: float, lon: float) -> bool:
    inside = False
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        # Even-odd rule: count edges that a ray from the point towards +lon crosses.
        if (y1 > lat) != (y0 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
        x0, y0 = x1, y1
    return inside


def _in_polygon(polygon: Polygon, lat: float, lon: float) -> bool:
    if not _in_box(polygon.bbox, lat, lon) or not _in_ring(polygon.rings[0], lat, lon):
        return False
    return not any(_in_ring(hole, lat, lon) for hole in polygon.rings[1:])


def _in_outline(outline: Outline, lat: float, lon: float) -> bool:
    # Rings that cross the antimeridian are stored unwrapped (Chukotka at 180..190
    # degrees), so a point west of Greenwich is also tried one turn further east.
    return any(
        _in_box(outline.bbox, lat, x) and any(_in_polygon(p, lat, x) for p in outline.polygons)
        for x in (lon, lon + 360)
    )


def country_at(lat: float, lon: float, *, outlines: Outlines | None = None) -> str | None:
    """ISO alpha-2 code of the country whose outline holds the point, else None (sea,
    or a disputed area without a code).

    >>> country_at(48.86, 2.35), country_at(0.0, -30.0)
    ('FR', None)
    """
    _check_point(lat, lon)
    for outline in (default_outlines() if outlines is None else outlines).items:
        if outline.iso_a2 and _in_outline(outline, lat, lon):
            return outline.iso_a2
    return None


def _segment_km(lat: float, lon: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from the point to segment a-b, in a flat projection centred on the point.

    Good to a few per cent over the tens of kilometres a tolerance spans, which is all
    a border check needs.
    """
    scale = math.cos(math.radians(lat)) * KM_PER_DEGREE

    def project(p: tuple[float, float]) -> tuple[float, float]:
        dlon = (p[0] - lon + 180) % 360 - 180  # the short way across the antimeridian
        return dlon * scale, (p[1] - lat) * KM_PER_DEGREE

    (ax, ay), (bx, by) = project(a), project(b)
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    return math.hypot(ax + t * dx, ay + t * dy)


def _near_box(box: BBox, lat: float, lon: float, km: float) -> bool:
    dlat = km / KM_PER_DEGREE
    cos_lat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    dlon = min(360.0, km / (KM_PER_DEGREE * cos_lat))
    lon_ok = box[0] - dlon <= lon <= box[2] + dlon or box[0] - dlon <= lon - 360 or lon + 360 <= box[2] + dlon
    return lon_ok and box[1] - dlat <= lat <= box[3] + dlat


def distance_to_border_km(
    country_code: str, lat: float, lon: float, *, outlines: Outlines | None = None
) -> float:
    """Shortest distance from the point to the country's outline (0 inside it).

    >>> round(distance_to_border_km("AF", 34.53, 69.17), 1)
    0.0
    """
    _check_point(lat, lon)
    found = _outlines_of(country_code, default_outlines() if outlines is None else outlines)
    if any(_in_outline(o, lat, lon) for o in found):
        return 0.0
    best = math.inf
    for outline in found:
        for polygon in outline.polygons:
            for ring in polygon.rings:
                for a, b in zip(ring, ring[1:]):
                    best = min(best, _segment_km(lat, lon, a, b))
    return best


def contains(
    country_code: str, lat: float, lon: float, *, tolerance_km: float = 0, outlines: Outlines | None = None
) -> bool:
    """Whether the point lies in the country, or within ``tolerance_km`` of its outline.

    A tolerance lets coastal and border points pass despite the outlines' 1:50M
    generalisation (a harbour can fall a few hundred metres into the sea).

    >>> contains("FR", 43.2965, 5.3698)                       # Marseille, on the coast
    True
    >>> contains("FR", 43.20, 5.37), contains("FR", 43.20, 5.37, tolerance_km=25)
    (False, True)
    """
    _check_point(lat, lon)
    if tolerance_km < 0 or not math.isfinite(tolerance_km):
        raise InputError(f"tolerance_km must be a finite number >= 0, got {tolerance_km!r}")
    found = _outlines_of(country_code, default_outlines() if outlines is None else outlines)
    if any(_in_outline(o, lat, lon) for o in found):
        return True
    if tolerance_km == 0:
        return False
    for outline in found:
        if not _near_box(outline.bbox, lat, lon, tolerance_km):
            continue
        for polygon in outline.polygons:
            if not _near_box(polygon.bbox, lat, lon, tolerance_km):
                continue
            for ring in polygon.rings:
                if any(_segment_km(lat, lon, a, b) <= tolerance_km for a, b in zip(ring, ring[1:])):
                    return True
    return False


def _outlines_of(country_code: str, outlines: Outlines) -> tuple[Outline, ...]:
    found = outlines.by_code.get(country_code.upper()) if isinstance(country_code, str) else None
    if not found:
        raise GazetteerError(
            f"No country outline for {country_code!r}; check has_outline() first "
            "(tiny countries such as Gibraltar are below the 1:50M outlines' resolution)"
        )
    return found
