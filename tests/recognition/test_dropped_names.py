"""Names the recogniser used to drop, on texts written for them."""

from __future__ import annotations

from functools import partial

from geo.recognition import recognize
from tests.recognition.places import made_up_place, tiny_gazetteer_fixture


_place = partial(made_up_place, country="US", admin1="US.NM", lat=35.0, lon=-106.0)


PLACES = (
    _place("new-mexico", "New Mexico", "admin1"), _place("mexico", "Mexico", "country", country="MX", admin1=""),
    _place("idlib", "Idlib", "admin1", country="SY", admin1="SY.11"),
    _place("hama", "Hama", "admin1", country="SY", admin1="SY.10"),
    _place("porto", "Porto", population=250_000, country="PT", admin1="PT.17"),
    _place("el-paso", "El Paso", population=680_000, admin1="US.TX"),
    _place("paso", "Paso", population=3_000, country="PH", admin1="PH.01"),
    _place("tarrant", "Tarrant", population=20_000, admin1="US.AL"),
    _place("kelso", "Kelso", population=40_000, admin1="US.AL"),
    _place("tadley", "Tadley", population=2_000, country="GB", admin1="GB.ENG"),
    _place("marbury", "Marbury", population=40_000, admin1="US.AL"),
    _place("suva", "Suva", population=90_000, country="FJ", admin1="FJ.C"),
    _place("marion", "Marion", population=35_000, admin1="US.AL"),
    _place("bow", "Bow", population=30_000, country="GB", admin1="GB.ENG"),
    _place("thames", "Thames", "river", country="GB", admin1="GB.ENG"),
)


gaz = tiny_gazetteer_fixture(PLACES)


def _found(text, gaz, **options):
    return [(r.text, r.kind, r.type_hint) for r in recognize(text, gaz, **options) if r.kind != "demonym"]


def test_a_line_break_inside_a_known_name_keeps_it_whole(gaz):
    assert _found("Voters across New\nMexico backed the plan.", gaz) == [("New\nMexico", "toponym", "")]
    assert _found("Voters across New\nMexico backed the plan.", gaz)[0][0] == "New\nMexico"


def test_coordinated_type_word_types_both_names(gaz):
    text = "Shelling hit Idlib and Hama provinces overnight."
    assert _found(text, gaz) == [("Idlib", "toponym", "admin1"), ("Hama", "toponym", "admin1")]
    assert _found(text, gaz, without={"coordinated_type_word"}) == [("Idlib", "toponym", ""), ("Hama", "toponym", "")]


def test_foreign_article_before_a_name_is_not_part_of_it(gaz):
    text = "The ferry left O Porto at dawn and reached El Paso later."
    assert _found(text, gaz) == [("Porto", "toponym", ""), ("El Paso", "toponym", "")]
    assert ("Porto", "toponym", "") not in _found(text, gaz, without={"foreign_article"})


def test_place_before_speech_verb_keeps_a_town_the_text_has_placed(gaz):
    text = "Floods cut off Tarrant overnight. Tarrant said it needed help."
    assert [r.text for r in recognize(text, gaz)] == ["Tarrant", "Tarrant"]
    assert [r.text for r in recognize(text, gaz, without={"place_before_speech_verb"})] == ["Tarrant"]
    assert [r.text for r in recognize("Tarrant said it needed help.", gaz)] == []


def test_locative_before_speech_verb_keeps_the_place_of_the_speakers(gaz):
    # The speakers are "councillors", the town is where they are.
    text = "Councillors in Tadley said the road would reopen."
    assert [r.text for r in recognize(text, gaz)] == ["Tadley"]
    assert [r.text for r in recognize(text, gaz, without={"locative_before_speech_verb"})] == []
    assert [r.text for r in recognize("Firms on the outskirts of Kelso said trade fell.", gaz)] == ["Kelso"]
    assert [r.text for r in recognize("A friend of Kelso said he was fine.", gaz)] == []
    # "from" brings a person's words as often as a place's: "a letter from Kelso said".
    assert [r.text for r in recognize("A letter from Tadley said the road would reopen.", gaz)] == []


def test_coordinated_locative_makes_a_listed_name_a_place_before_a_speech_verb(gaz):
    text = "Officials in Kelso and Marbury asked drivers to stay home."
    assert _found(text, gaz) == [("Kelso", "toponym", ""), ("Marbury", "toponym", "")]
    assert _found(text, gaz, without={"coordinated_locative"}) == [("Kelso", "toponym", "")]
    # A list that starts with no locative word lends nothing.
    assert _found("Reporters met Kelso and Marbury said nothing.", gaz) == [("Kelso", "toponym", "")]


def test_named_feature_keeps_a_range_whole_instead_of_a_town_inside_it(gaz):
    text = "Snow closed the road over the Medicine Bow Mountains on Tuesday."
    found = [(r.text, r.kind, len(r.candidates)) for r in recognize(text, gaz)]
    assert found == [("Medicine Bow Mountains", "toponym", 0)]          # listed unresolved
    # Without the rule, "Medicine" reads as an institution's word and Bow, London is linked.
    assert [(r.text, r.kind) for r in recognize(text, gaz, without={"named_feature"})] == [
        ("Bow Mountains", "embedded")]


def test_named_feature_leaves_a_feature_of_a_known_place_to_that_place(gaz):
    # "Thames Valley" is not in the gazetteer, but the Thames is: the valley is along it.
    found = recognize("Flooding hit the Thames Valley overnight.", gaz)
    assert [c.place.name for r in found for c in r.candidates] == ["Thames"]


def test_placed_again_reads_a_listed_name_again_after_a_locative(gaz):
    # (After "in" a given name is placed anyway: ``placed_given_name``.)
    text = "Voters in Kelso, Marion and Marbury approved the levy. Buses ran to Marion all day."
    assert [r.text for r in recognize(text, gaz)] == ["Kelso", "Marion", "Marbury", "Marion"]
    assert [r.text for r in recognize(text, gaz, without={"placed_again"})] == ["Kelso", "Marion", "Marbury"]
    # A given name the text never placed stays a person's: "In Marion's view".
    assert [r.text for r in recognize("In Marion's view, the levy will pass.", gaz)] == []


def test_dateline_keeps_a_short_capitalised_place_that_opens_a_story(gaz):
    # "SUVA" is four capitals, which the acronym veto reads as an acronym ("NGO").
    for text in ("SUVA, Fiji — Rain fell all day.", "Headline\n\nSUVA (AP) — Rain fell all day."):
        assert [r.text for r in recognize(text, gaz)][:1] == ["SUVA"], text
        assert "SUVA" not in [r.text for r in recognize(text, gaz, without={"dateline"})]
    # Not first on its line, or a clause after the comma: an acronym.
    assert "SUVA" not in [r.text for r in recognize("Rain fell on SUVA, the agency said.", gaz)]
    assert [r.text for r in recognize("SUVA, aid groups said, was late.", gaz)] == []


def test_review_cases_the_new_rules_leave_alone(gaz):
    # Words that end people's and products' names as often as features' make no place.
    assert [r.text for r in recognize("Hosted by Ricki Lake, who said it.", gaz)] == []
    assert [r.text for r in recognize("A Disney Season Pass costs more now.", gaz)] == []
    # A dateline needs a name after its dash: "SUVA — a new party —" is an acronym's use.
    assert "SUVA" not in [r.text for r in recognize("Storms hit.\nSUVA — a new party — won seats.", gaz)]
    # A possessive after "In" is a person's view.
    text = "Voters in Kelso, Marion and Marbury approved the levy. In Marion's view, it was fair."
    assert [r.text for r in recognize(text, gaz)] == ["Kelso", "Marion", "Marbury"]
    # A list stays in its sentence.
    assert [r.text for r in recognize("Crews worked in Kelso. And Marbury asked for help.", gaz)] == ["Kelso"]


def test_institution_of_place_keeps_a_title_s_place_off_the_map(gaz):
    text = "She studied at the University of Porto and now writes for The Times of Porto. Porto voted."
    kinds = [(r.text, r.kind) for r in recognize(text, gaz) if r.text == "Porto"]
    assert kinds == [("Porto", "embedded"), ("Porto", "embedded"), ("Porto", "toponym")]
    off = [r.kind for r in recognize(text, gaz, without={"institution_of_place"}) if r.text == "Porto"]
    assert off == ["toponym", "toponym", "toponym"]
    # A river's side is no bank: "the Left Bank of Porto" is in Porto.
    assert [r.kind for r in recognize("Cafes lined the Left Bank of Porto.", gaz)] == ["toponym"]
    assert [r.kind for r in recognize("Cafes lined the Bank of Porto.", gaz)] == ["embedded"]
