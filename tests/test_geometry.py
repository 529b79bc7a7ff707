"""gazetteer.geometry on shapes written here and on the committed outlines."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gazetteer import geometry
from gazetteer.errors import GazetteerError, InputError, PassageAtlasError


def _write(folder, features):
    path = folder / "outlines.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return geometry.load_outlines(path)


def _square(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """A square country with a lake (hole), a two-part country, and one crossing the
    antimeridian stored unwrapped (170..190 degrees), as the extractor writes it."""
    return _write(
        tmp_path_factory.mktemp("toy"),
        [
            {
                "type": "Feature",
                "properties": {"iso_a2": "AA", "name": "Square"},
                "geometry": {"type": "Polygon", "coordinates": [_square(0, 0, 10, 10), _square(4, 4, 6, 6)]},
            },
            {
                "type": "Feature",
                "properties": {"iso_a2": "BB", "name": "Islands"},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[_square(20, 0, 21, 1)], [_square(30, 0, 31, 1)]],
                },
            },
            {
                "type": "Feature",
                "properties": {"iso_a2": "CC", "name": "Dateline"},
                "geometry": {"type": "Polygon", "coordinates": [_square(170, 50, 190, 60)]},
            },
            {
                "type": "Feature",
                "properties": {"iso_a2": None, "name": "Disputed"},
                "geometry": {"type": "Polygon", "coordinates": [_square(40, 0, 41, 1)]},
            },
        ],
    )


def test_point_in_simple_polygon_and_not_in_its_hole(toy):
    assert geometry.country_at(1, 1, outlines=toy) == "AA"
    assert geometry.country_at(5, 5, outlines=toy) is None  # the lake
    assert geometry.country_at(5, 3.9, outlines=toy) == "AA"
    assert geometry.country_at(11, 5, outlines=toy) is None


def test_every_part_of_a_multipolygon_counts(toy):
    assert geometry.country_at(0.5, 20.5, outlines=toy) == "BB"
    assert geometry.country_at(0.5, 30.5, outlines=toy) == "BB"
    assert geometry.country_at(0.5, 25.0, outlines=toy) is None  # between the islands


def test_antimeridian_both_sides(toy):
    assert geometry.country_at(55, 175, outlines=toy) == "CC"
    assert geometry.country_at(55, -175, outlines=toy) == "CC"  # 185 in unwrapped form
    assert geometry.country_at(55, -165, outlines=toy) is None
    assert geometry.contains("CC", 55, -171, tolerance_km=200, outlines=toy)  # 1 degree east of it
    assert not geometry.contains("CC", 55, -160, tolerance_km=200, outlines=toy)


def test_feature_without_code_is_no_country(toy):
    assert geometry.country_at(0.5, 40.5, outlines=toy) is None
    assert not geometry.has_outline("ZZ", outlines=toy)


def test_tolerance_is_distance_to_the_border(toy):
    # 0.1 degree of latitude south of the square's edge is about 11.1 km.
    lat, lon = -0.1, 5.0
    assert not geometry.contains("AA", lat, lon, outlines=toy)
    assert not geometry.contains("AA", lat, lon, tolerance_km=10, outlines=toy)
    assert geometry.contains("AA", lat, lon, tolerance_km=12, outlines=toy)
    assert geometry.distance_to_border_km("AA", lat, lon, outlines=toy) == pytest.approx(11.12, abs=0.05)
    # Inside the lake: 1 degree from the lake shore, i.e. about 111 km.
    assert geometry.distance_to_border_km("AA", 5, 5, outlines=toy) == pytest.approx(111.2, rel=0.01)


def test_codes_are_case_insensitive(toy):
    assert geometry.contains("aa", 1, 1, outlines=toy)


@pytest.mark.parametrize(
    ("lat", "lon"), [(91, 0), (-91, 0), (0, 181), (0, -181), (math.nan, 0), (0, math.inf)]
)
def test_invalid_points_raise_input_error(lat, lon):
    with pytest.raises(InputError):
        geometry.country_at(lat, lon)


def test_unknown_country_and_bad_tolerance(toy):
    with pytest.raises(GazetteerError, match="ZZ"):
        geometry.contains("ZZ", 1, 1, outlines=toy)
    with pytest.raises(InputError):
        geometry.contains("AA", 1, 1, tolerance_km=-1, outlines=toy)


def test_unreadable_outlines_file(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(PassageAtlasError):
        geometry.load_outlines(bad)
    with pytest.raises(PassageAtlasError):
        geometry.load_outlines(tmp_path / "missing.geojson")


@settings(max_examples=200, deadline=None)
@given(lat=st.floats(-9.9, 9.9), lon=st.floats(0.1, 9.9))
def test_ray_casting_agrees_with_the_square_definition(toy, lat, lon):
    # Points exactly on an edge may fall either way in ray casting; stay off them.
    assume(all(abs(lat - edge) > 1e-9 for edge in (0, 4, 6)) and all(abs(lon - edge) > 1e-9 for edge in (4, 6)))
    in_square = 0 < lat < 10 and not (4 <= lat <= 6 and 4 <= lon <= 6)
    assert (geometry.country_at(lat, lon, outlines=toy) == "AA") == in_square


# The committed outlines. Points are well-known cities picked for this test, each far
# enough from any border that the 1:50M generalisation cannot move it.
@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (48.86, 2.35, "FR"),  # Paris
        (52.52, 13.40, "DE"),  # Berlin
        (34.53, 69.17, "AF"),  # Kabul
        (-35.28, 149.13, "AU"),  # Canberra
        (39.90, 116.40, "CN"),  # Beijing
        (-15.79, -47.88, "BR"),  # Brasília
        (66.0, 172.0, "RU"),  # Chukotka, east of 170 E
        (67.5, -179.0, "RU"),  # Chukotka, just past the antimeridian
        (61.2, -149.9, "US"),  # Anchorage
        (-80.0, 0.0, "AQ"),
        (42.66, 21.16, "XK"),  # Pristina: Kosovo's user-assigned code
        (60.0, 10.0, "NO"),  # Norway: Natural Earth's ISO_A2 is -99
    ],
)
def test_committed_outlines_known_cities(lat, lon, code):
    assert geometry.country_at(lat, lon) == code
    assert geometry.contains(code, lat, lon)


@pytest.mark.parametrize(("lat", "lon"), [(0.0, -30.0), (30.0, -40.0), (-40.0, 90.0), (0.0, 180.0)])
def test_committed_outlines_open_sea(lat, lon):
    assert geometry.country_at(lat, lon) is None


def test_coastal_point_needs_tolerance():
    # A point in the Gulf of Lion 10 km off Marseille's coast.
    assert not geometry.contains("FR", 43.20, 5.37)
    assert geometry.contains("FR", 43.20, 5.37, tolerance_km=25)
    assert not geometry.contains("FR", 43.20, 5.37, tolerance_km=1)


def test_neighbour_is_not_contained():
    assert not geometry.contains("PK", 34.53, 69.17, tolerance_km=25)  # Kabul is ~150 km from Pakistan
    assert geometry.contains("PK", 34.53, 69.17, tolerance_km=200)


def test_default_outlines_are_read_once():
    assert geometry.default_outlines() is geometry.default_outlines()
    assert geometry.has_outline("af") and not geometry.has_outline("GI")
