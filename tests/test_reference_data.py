"""The committed Natural Earth data and browser assets are well formed and agree.

These check data extracted by tools/; a failure after re-running an extractor means
the new output needs a look before it is committed.
"""

from __future__ import annotations

import csv
import json
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from geopy.distance import geodesic

from gazetteer import geometry

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "gazetteer" / "data"
STATIC = REPO / "static"

ADMIN1_COLUMNS = ["gn_a1_code", "gn_id", "name", "gn_name", "iso_3166_2", "country_code", "lat", "lon"]
COUNTRY_COLUMNS = ["iso_a2", "name", "name_long", "lat", "lon", "continent"]
FIVE_DECIMALS = re.compile(r"-?\d{1,3}\.\d{5}")


def _rows(name: str) -> tuple[list[str], list[dict]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def admin1():
    return _rows("ne_admin1.csv")


@pytest.fixture(scope="module")
def countries():
    return _rows("ne_countries.csv")


def _check_point(row: dict) -> tuple[float, float]:
    assert FIVE_DECIMALS.fullmatch(row["lat"]) and FIVE_DECIMALS.fullmatch(row["lon"]), row
    lat, lon = float(row["lat"]), float(row["lon"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180, row
    return lat, lon


# ne_admin1.csv


def test_admin1_columns_and_keys(admin1):
    columns, rows = admin1
    assert columns == ADMIN1_COLUMNS
    assert len(rows) > 4000
    codes = [r["gn_a1_code"] for r in rows]
    assert len(codes) == len(set(codes)), "gn_a1_code must be a unique key"
    for row in rows:
        assert re.fullmatch(r"[A-Z]{2}\.[0-9A-Z]+", row["gn_a1_code"]), row
        assert row["country_code"] == row["gn_a1_code"][:2], row
        assert row["gn_id"] == "" or (row["gn_id"].isdigit() and int(row["gn_id"]) > 0), row
        assert row["name"].strip(), row
        assert row["iso_3166_2"] == "" or row["iso_3166_2"].startswith(row["country_code"] + "-"), row
        _check_point(row)
    gn_ids = [r["gn_id"] for r in rows if r["gn_id"]]
    assert len(gn_ids) == len(set(gn_ids)), "a GeoNames id belongs to one admin1 unit"


def test_admin1_points_lie_in_their_country(admin1):
    _, rows = admin1
    checked = [r for r in rows if geometry.has_outline(r["country_code"])]
    # Only territories below the 1:50M outlines' resolution (US Minor Outlying Islands)
    # may lack an outline.
    assert len(rows) - len(checked) <= 0.005 * len(rows)
    outside = [
        r["gn_a1_code"]
        for r in checked
        if not geometry.contains(r["country_code"], float(r["lat"]), float(r["lon"]), tolerance_km=25)
    ]
    # Small islands the 1:50M outlines drop (the Maldives' atolls, Palau's islands) and
    # Crimea (UA in GeoNames, RU in the outlines) account for the rest.
    assert len(outside) <= 0.02 * len(checked), outside


def test_panjshir_is_joined_by_code_not_by_label(admin1):
    _, rows = admin1
    by_code = {r["gn_a1_code"]: r for r in rows}
    panjshir = by_code["AF.42"]
    assert panjshir["gn_name"] == "Panjshir"
    assert panjshir["name"] == "Parwan"  # Natural Earth's own label: the trap
    assert panjshir["country_code"] == "AF"
    assert geodesic((35.3, 69.8), (float(panjshir["lat"]), float(panjshir["lon"]))).km < 15
    parwan = by_code["AF.40"]
    assert parwan["gn_name"] == "Parwan"
    assert geodesic((float(parwan["lat"]), float(parwan["lon"])), (35.3, 69.8)).km > 50


def test_duplicate_codes_keep_the_unit_not_the_city(admin1):
    # Natural Earth gives the city of Pécs its county's code HU.02 as well.
    _, rows = admin1
    by_code = {r["gn_a1_code"]: r for r in rows}
    assert by_code["HU.02"]["name"] == "Baranya"
    assert by_code["GB.Z9"]["name"] == "Isles of Scilly"  # not Cornwall, which shares it


# ne_countries.csv


def test_countries_columns_and_codes(countries):
    columns, rows = countries
    assert columns == COUNTRY_COLUMNS
    codes = [r["iso_a2"] for r in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes), [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
    # Natural Earth's ISO_A2 is -99 for these; the extractor takes ISO_A2_EH.
    assert {"FR", "NO", "XK", "TW"} <= set(codes)
    for row in rows:
        assert row["name"].strip() and row["name_long"].strip() and row["continent"].strip(), row
        _check_point(row)
    assert {r["continent"] for r in rows} >= {"Africa", "Asia", "Europe", "North America", "South America", "Oceania"}


def test_country_label_points_lie_in_their_country(countries):
    _, rows = countries
    by_code = {r["iso_a2"]: r for r in rows}
    af = by_code["AF"]
    assert geometry.country_at(float(af["lat"]), float(af["lon"])) == "AF"
    checked = [r for r in rows if geometry.has_outline(r["iso_a2"])]
    outside = [
        r["iso_a2"]
        for r in checked
        if not geometry.contains(r["iso_a2"], float(r["lat"]), float(r["lon"]), tolerance_km=25)
    ]
    # Natural Earth puts a few labels offshore on purpose (New Zealand, Eq. Guinea).
    assert len(outside) <= 0.03 * len(checked), outside


# countries.geojson


def test_outlines_file_shape_and_size():
    path = DATA / "countries.geojson"
    assert 1_000_000 <= path.stat().st_size <= 3_000_000
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        props = feature["properties"]
        assert set(props) == {"iso_a2", "name"}
        assert props["iso_a2"] is None or re.fullmatch(r"[A-Z]{2}", props["iso_a2"]), props
        geom = feature["geometry"]
        assert geom["type"] in {"Polygon", "MultiPolygon"}
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], props
                # No edge may leap across the antimeridian (Leaflet would draw it across
                # the whole map); an edge along a pole is real.
                for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                    assert abs(x1 - x0) <= 180 or abs(y0) == abs(y1) == 90, (props, x0, x1)


def test_every_country_with_a_label_point_has_an_outline(countries):
    _, rows = countries
    missing = [r["iso_a2"] for r in rows if not geometry.has_outline(r["iso_a2"])]
    assert len(missing) <= 5, missing  # Gibraltar, Tuvalu... are below 1:50M


def test_browser_copy_matches_the_data_file():
    assert (STATIC / "countries.geojson").read_bytes() == (DATA / "countries.geojson").read_bytes()


# Browser assets and Streamlit settings


VENDORED = [
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/LICENSE",
    "vendor/leaflet/images/marker-icon.png",
    "vendor/leaflet/images/marker-icon-2x.png",
    "vendor/leaflet/images/marker-shadow.png",
    "vendor/leaflet/images/layers.png",
    "vendor/leaflet/images/layers-2x.png",
    "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "vendor/leaflet.markercluster/LICENSE",
    "vendor/README.md",
]


def test_vendored_files_and_versions():
    for name in VENDORED:
        assert (STATIC / name).stat().st_size > 0, name
    assert "Leaflet 1.9.4" in (STATIC / "vendor/leaflet/leaflet.js").read_text(encoding="utf-8")[:200]
    readme = (STATIC / "vendor/README.md").read_text(encoding="utf-8")
    assert "1.9.4" in readme and "1.5.3" in readme and "BSD" in readme and "MIT" in readme


def test_placeholder_tile_is_a_plain_light_tile():
    from PIL import Image

    with Image.open(STATIC / "placeholder-tile.png") as tile:
        assert tile.size == (256, 256)
        low, high = tile.convert("L").getextrema()
        assert low == high and 200 <= low < 255  # one light grey, not white


def test_streamlit_config():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["address"] == "localhost"
    assert config["server"]["headless"] is True
    assert config["server"]["maxUploadSize"] == 5
    assert config["browser"]["gatherUsageStats"] is False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), b""


@pytest.fixture(scope="module")
def static_server(tmp_path_factory):
    """A real Streamlit server over this repo's static/ and config, on a free port."""
    app_dir = tmp_path_factory.mktemp("static_app")
    (app_dir / "app.py").write_text("import streamlit as st\nst.write('static check')\n", encoding="utf-8")
    (app_dir / "static").symlink_to(STATIC, target_is_directory=True)
    (app_dir / ".streamlit").mkdir()
    (app_dir / ".streamlit" / "config.toml").write_bytes((REPO / ".streamlit" / "config.toml").read_bytes())
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=app_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if _get(base + "/_stcore/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("streamlit did not start within 30 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("countries.geojson", "application/geo+json"),
        ("vendor/leaflet/leaflet.js", "javascript"),
        ("vendor/leaflet/leaflet.css", "text/css"),
        ("vendor/leaflet.markercluster/leaflet.markercluster.js", "javascript"),
        ("vendor/leaflet/images/marker-icon.png", "image/png"),
        ("placeholder-tile.png", "image/png"),
    ],
)
def test_streamlit_serves_static_files(static_server, name, content_type):
    status, served_type, body = _get(f"{static_server}/app/static/{name}")
    assert status == 200
    assert content_type in served_type  # Chromium refuses scripts served as text/plain
    assert body == (STATIC / name).read_bytes()
