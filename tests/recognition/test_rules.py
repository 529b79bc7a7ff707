"""Each weight and switchable rule of recognition on a text written for it."""

from __future__ import annotations

import re
from pathlib import Path

from geo.recognition import RULE_NAMES, recognize
from geo.recognition.rules import RULES
from geo.recognition.weights import WEIGHTS


def _found(text, gazetteer, kind="toponym", **options):
    return [r.text for r in recognize(text, gazetteer, **options) if r.kind == kind]


def test_accept_a_minor_town_needs_more_than_its_name(tiny):
    # Tarlow (2,000 people) weighs under "accept" alone; Brennock (20,000) over it.
    assert _found("Tarlow and Brennock both flooded.", tiny) == ["Brennock"]


def test_locative_lifts_a_minor_town(tiny):
    assert _found("Aid arrived in Tarlow.", tiny) == ["Tarlow"]
    assert _found("Aid arrived in Tarlow.", tiny, without={"locative"}) == []


def test_multiword_lifts_a_name_of_two_words(tiny):
    assert _found("Boats left Port Tarlow.", tiny) == ["Port Tarlow"]
    assert _found("Boats left Port Tarlow.", tiny, without={"multiword"}) == []


def test_type_word_lifts_a_district_that_says_it_is_one(tiny):
    assert _found("Wexley district schools closed.", tiny) == ["Wexley district"]
    assert _found("Wexley district schools closed.", tiny, without={"type_word"}) == []


def test_comma_unit_lifts_a_district_after_a_town(tiny):
    text = "The fair opened at Brennock, Wexley on Sunday."
    assert "Wexley" in _found(text, tiny)
    assert "Wexley" not in _found(text, tiny, without={"comma_unit"})


def test_qualifier_after_name_is_read_after_a_comma(tiny):
    text = "The fair opened at Brennock, Wexley on Sunday."
    assert [r.qualifier for r in recognize(text, tiny) if r.text == "Brennock"] == ["wexley"]
    assert [r.qualifier for r in recognize(text, tiny, without={"qualifier_after_name"}) if r.text == "Brennock"] == [""]


def test_strong_a_famous_place_survives_a_speech_verb(tiny):
    assert _found("Chicago said no to the plan.", tiny) == ["Chicago"]
    assert _found("Brennock said no to the plan.", tiny) == []


def test_before_title_a_minor_town_before_a_title_is_not_its_office(tiny):
    assert _found("Chicago Mayor Ann Cole spoke.", tiny) == ["Chicago"]
    assert _found("Brennock Mayor Ann Cole spoke.", tiny) == []


def test_organisation_name_keeps_a_leading_famous_place(tiny):
    text = "The Chicago Transit Authority raised fares."
    assert _found(text, tiny) == ["Chicago"]
    assert _found(text, tiny, without={"organisation_name"}) == []
    assert _found(text, tiny, "embedded", without={"organisation_name"}) == ["Chicago"]


def test_publication_name_keeps_its_place_off_the_map(tiny):
    text = "A reporter for the Chicago Tribune wrote it."
    assert (_found(text, tiny), _found(text, tiny, "embedded")) == ([], ["Chicago"])
    assert _found(text, tiny, without={"publication_name"}) == ["Chicago"]


def test_embedded_only_a_well_known_place_is_linked_inside_a_name(tiny):
    assert _found("She joined Chicago Analytica last year.", tiny, "embedded") == ["Chicago"]
    assert _found("She joined Brennock Analytica last year.", tiny, "embedded") == []


def test_name_of_something_else_hides_a_town_inside_a_firm(tiny):
    text = "She joined Brennock Analytica last year."
    assert _found(text, tiny) == []
    assert _found(text, tiny, without={"name_of_something_else"}) == ["Brennock"]


def test_trimmed_name_needs_renown(tiny):
    text = "Ships docked at Brennock Harbor."
    assert _found(text, tiny) == []
    assert _found(text, tiny, without={"trimmed_name_needs_renown"}) == ["Brennock"]
    assert _found("Ships docked at Chicago Harbor.", tiny) == ["Chicago"]


def test_described_place_finds_a_name_the_gazetteer_lacks(tiny):
    text = "Quillbarrow, a village in Wexley, flooded."
    assert [(r.text, r.qualifier) for r in recognize(text, tiny) if r.text == "Quillbarrow"] == [
        ("Quillbarrow", "wexley")]
    assert "Quillbarrow" not in _found(text, tiny, without={"described_place"})


def test_every_rule_and_weight_is_named_documented_and_tested():
    here = Path(__file__).parent
    tested = {name for path in here.glob("test_*.py") for name in re.findall(r"def test_(\w+)", path.read_text())}
    for rule in RULES:
        assert rule.meaning and '"' in rule.meaning and rule.name in RULE_NAMES
        assert any(t.startswith(rule.name) for t in tested), rule.name
    for weight in WEIGHTS.values():
        assert weight.meaning and 0 < weight.value < 1
        assert any(t.startswith(weight.name) for t in tested), weight.name


def test_minor_renown_divides_a_village_from_a_town_an_ordinary_word_may_name(tiny):
    # Price (8,000 people) is under it and a surname here; Hope (60,000) over it, a place.
    assert _found("Voters in town said Price and Hope were both flooded.", tiny) == ["Hope"]


def test_recognition_and_resolution_rule_names_never_collide():
    from geo.pipeline import RULE_NAMES as ALL
    from geo.resolution import RULE_NAMES as RESOLUTION

    assert not set(RULE_NAMES) & set(RESOLUTION) and set(RULE_NAMES) <= set(ALL)


def test_named_again_a_weak_mention_of_a_name_the_article_places_is_that_place(tiny):
    text = "The new road runs to Tarlow. Brennock and Tarlow were both spared by the storm."
    assert _found(text, tiny) == ["Tarlow", "Brennock", "Tarlow"]
    assert _found(text, tiny, without={"named_again"}) == ["Tarlow", "Brennock"]


def test_named_again_leaves_a_speaker_alone(tiny):
    assert _found("The new road runs to Tarlow. Tarlow said the bridge would hold.", tiny) == ["Tarlow"]


def test_named_again_never_takes_a_word_inside_a_longer_name(tiny):
    text = "The new road runs to Tarlow. Tarlow Analytica paid for it."
    assert _found(text, tiny) == ["Tarlow"]


def test_placed_given_name_a_given_name_the_text_puts_on_a_map_is_a_place(tiny):
    text = "Adjusters were sent to help staff in Mark. The hail flattened fields outside Mark."
    assert _found(text, tiny) == ["Mark", "Mark"]
    assert _found(text, tiny, without={"placed_given_name"}) == []


def test_placed_given_name_reads_a_place_part_or_a_compass_point_with_of(tiny):
    for text in ("Crews cleared roads on the outskirts of Mark.", "Hail fell north of Mark overnight."):
        assert _found(text, tiny) == ["Mark"], text
        assert _found(text, tiny, without={"placed_given_name"}) == [], text
    # "out of" is no place only: a person can be got the best out of.
    assert _found("The coach got the best out of Mark this season.", tiny) == []


def test_placed_given_name_needs_the_name_alone_and_placed_at_that_mention(tiny):
    assert _found("Fans queued in Mark's hall. Mark left early.", tiny) == []
    assert _found("The crowd in Mark Elton's hall cheered.", tiny) == []
    # "in" after trust is no place, and a placed mention does not place the others
    assert _found("Voters have lost faith in Mark. Mark told them he would stay.", tiny) == []
    assert _found("Aid reached people in Mark. Mark, a lawyer, took the case.", tiny) == ["Mark"]


def test_on_an_island_on_before_an_island_is_a_locative(tiny):
    assert _found("Ferries were cancelled and prices rose on Skerrin.", tiny) == ["Skerrin"]
    assert _found("Ferries were cancelled and prices rose on Skerrin.", tiny, without={"on_an_island"}) == []
    # "on" before a town is no locative: "a tax on Tarlow" places nothing.
    assert _found("The council voted a tax on Tarlow.", tiny) == []


def test_locative_of_a_direction_with_of_lifts_a_minor_town(tiny):
    text = "Farmers north of Tarlow lost their crops."
    assert _found(text, tiny) == ["Tarlow"]
    assert _found(text, tiny, without={"locative_of"}) == []
    assert _found("A bus company out of Tarlow won the contract.", tiny) == ["Tarlow"]


def test_locative_before_speech_verb_reads_a_direction_with_of_as_one(tiny):
    # The same words make a locative for the evidence and for the speech-verb veto.
    assert _found("Farmers north of Tarlow said the hail was the worst in years.", tiny) == ["Tarlow"]
