"""Dams, barrages and bridges on the full gazetteer: places, never organisations' names.
Texts written for these tests."""

from __future__ import annotations

from geo.pipeline import parse
from tests.engine.helpers import place_named


def test_a_barrage_the_gazetteer_lacks_is_listed_as_a_place_not_an_organisation(full_gazetteer):
    result = parse("Engineers opened every gate of the Kotri Barrage as the Indus flood crest neared Hyderabad.",
                   full_gazetteer)
    assert "Kotri Barrage" in [p.name for p in result.unresolved]
    assert not any(m.text.startswith("Kotri") for p in result.embedded for m in p.mentions)
    assert place_named(result, "Hyderabad").place.country_code == "PK"


def test_a_dam_the_gazetteer_has_is_resolved_to_it(full_gazetteer):
    result = parse("Egypt raised the alarm as water levels fell behind the Aswan High Dam.", full_gazetteer)
    assert place_named(result, "Aswan High Dam").place.country_code == "EG"
