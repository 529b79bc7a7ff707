"""geo.geometry: the one shape function the map, the exports and the PNG share."""

from __future__ import annotations

import pytest

from gazetteer.model import FEATURE_TYPES, Place
from geo.geometry import BOX_TYPES, HALO_KM_BY_TYPE, place_shape, shape_bounds


def test_every_feature_type_has_a_halo_row():
    assert set(HALO_KM_BY_TYPE) == set(FEATURE_TYPES)
    assert all(km >= 0 for km in HALO_KM_BY_TYPE.values())


@pytest.mark.parametrize("feature_type", sorted(BOX_TYPES))
def test_a_bounding_box_is_never_drawn_as_a_box(feature_type):
    place = Place("cur:x", "X", feature_type, "AF", 35.8, 70.8, extent=((33.5, 66.0), (37.5, 74.0)))
    shape = place_shape(place)
    assert shape.geometry == {"type": "Point", "coordinates": [70.8, 35.8]}
    # About the size of the box: between its half-height and its half-width.
    assert 222 < shape.halo_km < 362
    south, west, north, east = shape_bounds(shape)
    assert south < 35.8 < north and west < 70.8 < east


def test_a_traced_valley_or_river_is_a_line_in_lon_lat_order():
    river = Place("cur:r", "R", "river", "AF", 34.4, 70.4, extent=((34.5, 68.9), (34.4, 70.4), (33.9, 72.2)))
    shape = place_shape(river)
    assert shape.is_line and shape.halo_km == 0
    assert shape.geometry["coordinates"] == [[68.9, 34.5], [70.4, 34.4], [72.2, 33.9]]
    # Two points of a river are its ends, not a box.
    two = Place("cur:r2", "R2", "river", "AF", 34.4, 70.4, extent=((34.5, 68.9), (34.4, 70.4)))
    assert place_shape(two).is_line


def test_degenerate_extents_fall_back_to_the_point():
    flat = Place("cur:f", "F", "plateau", "AF", 1.0, 2.0, extent=((1.0, 2.0), (1.0, 2.0)))
    assert place_shape(flat).geometry == {"type": "Point", "coordinates": [2.0, 1.0]}
    assert place_shape(flat).halo_km == HALO_KM_BY_TYPE["plateau"]
    town = Place("gn:1", "T", "city", "AF", 1.0, 2.0)
    assert place_shape(town).halo_km == 0
