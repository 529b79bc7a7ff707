"""Every rule table of geo.spatial has a name, a docstring and values that make sense."""

from __future__ import annotations

import math

import pytest

from geo.spatial import tables
from geo.spatial.recognize import read_direction


@pytest.mark.parametrize("table", tables.ALL_TABLES, ids=lambda t: t.name)
def test_each_table_is_named_documented_and_not_empty(table):
    assert table.name and table.name == table.name.lower()
    assert len(table.doc) > 40
    assert len(table.rows) > 0
    with pytest.raises(TypeError):
        table.rows["new"] = 1      # read-only: rules are data, not state


def test_table_names_are_unique():
    names = [t.name for t in tables.ALL_TABLES]
    assert len(names) == len(set(names))


def test_bearings_cover_the_sixteen_winds_once_each():
    degrees = sorted({v for k, v in tables.BEARINGS.rows.items() if not k.isupper()})
    assert degrees == [22.5 * i for i in range(16)]
    assert tables.BEARINGS["NNE"] == tables.BEARINGS["northnortheast"] == 22.5


@pytest.mark.parametrize("written, bearing", [("north-northeast", 22.5), ("south west", 225.0),
                                               ("Northwest", 315.0), ("ESE", 112.5)])
def test_directions_are_read_however_they_are_written(written, bearing):
    assert read_direction(written)[0] == bearing


def test_units_are_in_kilometres_and_bare_m_is_not_a_unit():
    assert tables.UNITS_KM["miles"] == pytest.approx(1.609344)
    assert tables.UNITS_KM["nautical miles"] == pytest.approx(1.852)
    assert "m" not in tables.UNITS_KM


def test_distances_and_spreads_are_positive_and_finite():
    for table in (tables.ANCHOR_RADIUS_KM, tables.DIRECTION_REACH_KM, tables.NEAR_KM, tables.SIDE_REACH_KM,
                  tables.BAND_KM, tables.HEDGE_SPREAD, tables.DIRECTION_SPREAD_DEG,
                  tables.DIRECTION_ALONE_SPREAD_DEG):
        assert all(math.isfinite(v) and v > 0 for v in table.rows.values()), table.name
    # Narrower with each compass word, as the point-radius method has it.
    assert tables.DIRECTION_SPREAD_DEG[1] > tables.DIRECTION_SPREAD_DEG[2] > tables.DIRECTION_SPREAD_DEG[3]


def test_vague_quantities_are_ordered_ranges():
    assert all(0 < low < high for low, high in tables.VAGUE_QUANTITIES.rows.values())


def test_between_cues_and_relation_nouns_do_not_overlap():
    assert not set(tables.SPATIAL_CUES_BEFORE_BETWEEN.rows) & set(tables.RELATION_NOUNS_BEFORE_BETWEEN.rows)


def test_a_between_partner_may_lie_a_drive_away_but_not_a_country_away():
    assert 50 <= tables.BETWEEN_PARTNER_KM["max"] <= 500
