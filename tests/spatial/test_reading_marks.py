"""Described places in the reading view's HTML and on the article map: marked whole in
the text, explained in the panel, linked on the map like places."""

from __future__ import annotations

import dataclasses
import re

import pytest

from geo.mapview import build_map
from geo.pipeline import parse
from geo.spatial.evidence import contradictions
from geo.spatial.mapview import LEGEND_LABEL, add_derived_places
from pages.reading import article_html, derived_facts_html, facts_html

VALLEY = "Fighters held the Panjshir Valley, 70 miles north of Kabul <b>x</b>, for weeks."
SPRINGFIELD = "Storms flattened homes in Springfield, 200 miles southwest of Chicago, on Friday."


@pytest.fixture(scope="module")
def valley(full_gazetteer):
    return parse(VALLEY, full_gazetteer)


def test_a_description_is_one_mark_holding_the_names_inside_it(valley):
    html = article_html(valley)
    assert ('<mark class="derived" data-place="derived:0">70 miles north of '
            '<mark class="place" data-place="gn:1138958">Kabul</mark></mark> &lt;b&gt;x&lt;/b&gt;') in html
    assert html.count("<mark") == html.count("</mark>") == 3


def test_a_description_cutting_through_a_name_is_left_unmarked(valley):
    item = valley.derived[0]
    # A description ending inside "Kabul" would cut its mark in two: it is not marked.
    cut = dataclasses.replace(item, mention=dataclasses.replace(item.mention, end=item.mention.end - 2))
    html = article_html(dataclasses.replace(valley, derived=(cut,)))
    assert 'class="derived"' not in html and '<mark class="place" data-place="gn:1138958">Kabul</mark>' in html


def test_the_panel_explains_a_described_place_in_escaped_plain_words(valley):
    evil = dataclasses.replace(valley.derived[0], method="A circle <img src=x onerror=alert(1)>.")
    facts = derived_facts_html(evil, valley, {"AF": "Afghanistan"}.get)
    assert "<h4>" in facts and "70 miles north of Kabul</h4>" in facts
    assert "Kabul (city in" in facts and "Panjshir Valley" in facts       # anchor, and what it describes
    assert "<img" not in facts and "A circle &lt;img" in facts
    undrawn = dataclasses.replace(valley.derived[0], geometry=None, area=None, reason="the anchor has no point")
    assert "Not drawn: the anchor has no point" in derived_facts_html(undrawn, valley, {}.get)


def test_a_contradicting_description_is_reported_in_the_facts(full_gazetteer):
    result = parse(SPRINGFIELD, full_gazetteer)
    chosen = next(p for p in result.places if p.name == "Springfield")
    wrong = dataclasses.replace(chosen, place=full_gazetteer.get("gn:4951788"))      # Springfield, Massachusetts
    as_wrong = dataclasses.replace(result, places=tuple(wrong if p is chosen else p for p in result.places))
    (found,) = contradictions(as_wrong)
    facts = facts_html(wrong, {"US": "United States"}.get, contradiction=found.message)
    assert "Check this place: The text puts Springfield 200 miles southwest of Chicago" in facts
    assert "outside that area" in facts


def test_the_map_links_described_areas_and_gives_them_a_legend_row(valley):
    html = build_map(valley, extra_layers=(add_derived_places,)).get_root().render()
    layer = re.search(r"var linked = \[(\w+)\];", html)
    assert layer, "the described areas are not linked to the selection"
    assert f"var {layer.group(1)} = L.geoJson(" in html
    assert LEGEND_LABEL in html and '"shape": "area"' in html
    assert "bindPopup" not in html
    plain = build_map(valley).get_root().render()
    assert "var linked = [];" in plain and LEGEND_LABEL not in plain
