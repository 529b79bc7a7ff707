"""Each veto on a text written for it: it keeps the name off the map, says so under its
own name, and the name comes back when that veto is switched off."""

from __future__ import annotations

import pytest

from geo.recognition import RULE_NAMES, recognize, rejections
from geo.recognition.vetoes import ALL_VETOES, VETO_NAMES

# (veto, text, the name it keeps off, vetoes that must be off for the name to come back)
CASES = (
    ("non_place_name", "The vote comes on Friday after the recess.", "Friday", {"non_place_name"}),
    ("known_person", "Ahmad Massoud led the fighters. Then Massoud spoke to them.", "Massoud", {"known_person"}),
    ("title_word", "They waited for the Governor all morning.", "Governor", {"title_word"}),
    ("given_name", "The team met Mark at noon.", "Mark", {"given_name"}),
    ("direction_word", "The storm turned North overnight.", "North", {"direction_word"}),
    ("short_common_word", "They skated on the Ice for hours.", "Ice", {"short_common_word"}),
    ("sentence_start_common_word", "Hope returned to the valley.", "Hope", {"sentence_start_common_word"}),
    ("org_word_head", "She studied at the University of Chicago.", "University", {"org_word_head"}),
    ("known_person", "Reporters asked senator Obama about it.", "Obama", {"known_person"}),   # a title's person
    ("acronym", "The BA flight landed late.", "BA", {"acronym"}),
    ("speech_verb", "Brennock said the talks had failed.", "Brennock", {"speech_verb"}),
    ("minor_common_word", "Critics said Price had misled voters.", "Price", {"minor_common_word"}),
)


def _texts(text, gazetteer, **options):
    return [r.text for r in recognize(text, gazetteer, **options) if r.kind == "toponym"]


@pytest.mark.parametrize(("veto", "text", "name", "off"), CASES, ids=[case[0] for case in CASES])
def test_the_veto_keeps_the_name_off(tiny, veto, text, name, off):
    assert name not in _texts(text, tiny)
    assert veto in {r.veto for r in rejections(text, tiny) if r.text == name}
    assert name in _texts(text, tiny, without=off)


def test_every_veto_is_tested_named_once_and_documented_with_an_example():
    assert {case[0] for case in CASES} == set(VETO_NAMES)
    for veto in ALL_VETOES:
        assert veto.reason and '"' in veto.meaning, veto.name    # a quoted real example
        assert veto.meaning.count(". ") == 0 or veto.meaning.endswith("."), veto.name
    assert set(VETO_NAMES) <= set(RULE_NAMES) and len(set(RULE_NAMES)) == len(RULE_NAMES)


def test_names_of_other_stages_rules_are_ignored(tiny):
    text = "Hope returned to the valley. Aid reached Chicago."
    assert recognize(text, tiny, without={"local_cluster"}) == recognize(text, tiny)


def test_an_adjective_a_village_shares_is_no_place_and_leaves_the_focus_alone(tiny):
    from geo.pipeline import parse

    text = "The Olympic champion flew home to Chicago. Chicago fans cheered the Olympic team."
    result = parse(text, tiny)
    assert [p.name for p in result.places] == ["Chicago"]
    assert result.focus.country_code == "US"
    assert "Olympic" in [p.name for p in parse(text, tiny, without={"minor_common_word"}).places]


def test_a_village_named_like_a_word_is_a_place_where_the_text_puts_it(tiny):
    assert "Price" in _texts("Crews reached Price on Monday.", tiny)


def test_a_village_named_like_a_word_stays_a_place_once_the_text_has_placed_it(tiny):
    assert _texts("Floods reached Price on Monday. Residents say Price has 8,000 people.", tiny) == ["Price", "Price"]


@pytest.mark.parametrize("text, places", [
    # The unit after the name holds a town of that name: the town, though a councillor bears it.
    ("Councillor Ann Keswick backed the plan. The rowing club, based in Keswick, Cumbria, has 90 members. "
     "Keswick said more would join.", ["Keswick", "Cumbria"]),
    # A unit that owns what follows is no qualifier: the councillor.
    ("Councillor Ann Keswick backed the plan. Keswick, Cumbria's longest-serving councillor, said more would "
     "join.", ["Cumbria"]),
])
def test_qualified_person_name_lifts_known_person_where_a_unit_holds_the_town(full_gazetteer, text, places):
    found = [r.text for r in recognize(text, full_gazetteer) if r.kind == "toponym"]
    assert found == places
    off = [r.text for r in recognize(text, full_gazetteer, without={"qualified_person_name"}) if r.kind == "toponym"]
    assert off == ["Cumbria"]
