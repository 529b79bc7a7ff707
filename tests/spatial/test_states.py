"""State and province borders, state capitals and the unfound town of "between X and Y",
parsed with the real gazetteer; truth points are the gazetteer's own."""

from __future__ import annotations

import pytest

from geo.pipeline import parse
from geo.spatial.states import focus_admin1, state_capital

UELEN, PEVEK, DARWIN, SYDNEY = "gn:4031533", "gn:2122090", "gn:2073124", "gn:2147714"


def derived(result, phrase):
    found = [d for d in result.derived if d.mention.text == phrase]
    assert found, [d.mention.text for d in result.derived]
    return found[0]


def point(gazetteer, place_id):
    place = gazetteer.get(place_id)
    assert place is not None, place_id
    return place.lat, place.lon


@pytest.mark.parametrize("text, phrase, inside, outside", [
    # a state named before "border": the near side is the sentence's town's state
    ("GREELEY, Colo. -- Hail flattened wheat in Julesburg, near the Nebraska border, on Friday.",
     "near the Nebraska border", "gn:5578567", "gn:5577147"),              # Julesburg / Fort Collins
    # "the border with X": the near side is the article's own state
    ("FARGO, N.D. -- Fargo crews filled sandbags. Farther north, Grand Forks, near the border with "
     "Minnesota, braced for the crest.", "near the border with Minnesota", "gn:5059429", "gn:5688025"),  # Grand Forks / Bismarck
    # a pair of provinces, one of which names a city too
    ("Ice jams flooded Hawkesbury, on the Ontario-Quebec border, on Sunday.",
     "on the Ontario-Quebec border", "gn:5972360", "gn:6167865"),           # Hawkesbury / Toronto
    ("Ice jams flooded Hawkesbury, on the Quebec-Ontario border, on Sunday.",
     "on the Quebec-Ontario border", "gn:5972360", "gn:6167865"),
])
def test_a_state_or_province_border_is_drawn_on_the_line_the_two_outlines_share(
        full_gazetteer, text, phrase, inside, outside):
    item = derived(parse(text, full_gazetteer), phrase)
    assert item.relation == "border" and item.has_area, item.reason
    assert item.contains(*point(full_gazetteer, inside)), item.method
    assert not item.contains(*point(full_gazetteer, outside)), item.method
    assert "outlines share" in item.method


def test_a_state_border_with_no_near_side_says_so(full_gazetteer):
    result = parse("Officials met near the Colorado border, the statement said.", full_gazetteer)
    item = derived(result, "near the Colorado border")
    assert not item.has_area and "which of" in item.reason


def test_the_capital_of_a_story_about_one_state_is_the_state_capital(full_gazetteer):
    text = ("DAVENPORT, Iowa -- Flood crews from Davenport and Iowa City drove to Ames, about 30 miles north "
            "of the capital, where the Skunk River had risen. Iowa officials asked for help.")
    result = parse(text, full_gazetteer)
    assert focus_admin1(result) == "US.IA"
    item = derived(result, "about 30 miles north of the capital")
    assert item.anchors[0].place.name == "Des Moines"
    assert item.contains(*point(full_gazetteer, "gn:4846834"))              # Ames


def test_a_national_story_keeps_the_national_capital(full_gazetteer):
    text = ("WASHINGTON -- Senators from Iowa, Texas and Ohio met in Baltimore, about 40 miles northeast of "
            "the capital, to discuss the bill.")
    result = parse(text, full_gazetteer)
    assert focus_admin1(result) == ""
    assert derived(result, "about 40 miles northeast of the capital").anchors[0].place.name == "Washington"


def test_every_curated_state_capital_is_in_the_gazetteer_in_its_state(full_gazetteer):
    from geo.spatial.states import _capital_rows
    rows = _capital_rows()
    assert len(rows) == 50 + 13 + 8 and all(row["source"] for row in rows.values())
    for code in rows:
        capital = state_capital(full_gazetteer, code)
        assert capital is not None and capital.admin1_code == code, code


def test_between_a_town_and_a_name_the_engine_missed_uses_the_nearest_namesake(full_gazetteer):
    result = parse("Crews cleared fallen trees on the road between Ames and Huxley on Tuesday.", full_gazetteer)
    item = derived(result, "between Ames and Huxley")
    assert item.has_area, item.reason
    assert item.anchors[1].place.id == "gn:4861422"                         # Huxley, Iowa
    assert item.contains(42.0, -93.61)


def test_between_a_town_and_an_unknown_name_says_why_it_is_not_drawn(full_gazetteer):
    result = parse("Crews cleared fallen trees on the road between Ames and Qworbly on Tuesday.", full_gazetteer)
    item = derived(result, "between Ames and Qworbly")
    assert not item.has_area and "not a place the engine found" in item.reason


def test_a_province_without_an_outline_keeps_its_words_and_says_why(full_gazetteer):
    # France's regions were redrawn in 2016 and Natural Earth's codes for them are older.
    result = parse("PARIS -- Floods spread near the Normandy border, officials in Rouen said.", full_gazetteer)
    item = derived(result, "near the Normandy border")
    assert not item.has_area and "cannot be drawn" in item.reason


def test_a_namesake_too_far_from_the_other_place_is_not_taken(full_gazetteer):
    # Souris, Manitoba and Souris, Prince Edward Island: from Ames both are too far.
    result = parse("Crews cleared fallen trees on the road between Ames and Souris on Tuesday.", full_gazetteer)
    item = derived(result, "between Ames and Souris")
    assert not item.has_area and item.anchors[1].place is None


def test_part_of_a_province_is_part_of_its_outline(full_gazetteer):
    # Sindh's point lies in its south; a disc round it left the whole north of the
    # province out of "northern Sindh".
    text = "Relief convoys reached flooded villages in northern Sindh, Pakistan, on Monday."
    item = derived(parse(text, full_gazetteer), "northern Sindh")
    assert item.has_area and "outline" in item.method
    assert item.contains(*point(full_gazetteer, "gn:1165108"))               # Shikarpur, in the north
    assert not item.contains(*point(full_gazetteer, "gn:1174872"))           # Karachi, in the south


def test_a_part_of_a_country_reaches_the_towns_on_its_border(full_gazetteer):
    # Mandera stands where Kenya meets Somalia and Ethiopia, a few metres outside the
    # 1:50M outline of Kenya.
    text = "Aid workers reached Mandera in northeastern Kenya after the rains."
    item = derived(parse(text, full_gazetteer), "northeastern Kenya")
    assert item.contains(*point(full_gazetteer, "gn:187896"))                # Mandera
    assert not item.contains(*point(full_gazetteer, "gn:184745"))            # Nairobi


def test_the_state_capital_is_the_capital_of_the_state_the_story_names(full_gazetteer):
    text = ("WICHITA, Kan. -- Storms flattened wheat near Lawrence, about 25 miles east of the state capital, "
            "and in Salina on Tuesday.")
    item = derived(parse(text, full_gazetteer), "about 25 miles east of the state capital")
    assert item.anchors[0].place.name == "Topeka" and item.anchors[0].kind == "capital"
    assert item.mention.text.endswith("state capital")


def test_the_provincial_capital_without_a_curated_capital_anchors_nothing(full_gazetteer):
    # Never the nation's capital: the phrase names a province's, which only the curated
    # table (US, Canada, Australia) can give.
    text = "Fighting reached Kunar province. About 20 km north of the provincial capital, a bridge fell."
    result = parse(text, full_gazetteer)
    assert all(a.place is None or a.place.name != "Kabul" for d in result.derived for a in d.anchors)


def test_the_province_is_the_province_the_story_is_about(full_gazetteer):
    text = ("PESHAWAR, Pakistan -- Rain fell on Peshawar, Mardan and Chitral on Sunday. Villages in the "
            "south of the province were cut off.")
    item = derived(parse(text, full_gazetteer), "in the south of the province")
    assert item.anchors[0].place.feature_type == "admin1" and item.anchors[0].place.admin1_code == "PK.03"
    assert item.contains(*point(full_gazetteer, "gn:1180281"))              # Dera Ismail Khan, in the south
    assert not item.contains(*point(full_gazetteer, "gn:1181065"))          # Chitral, in the north


def test_the_east_of_a_province_across_the_180th_meridian_is_its_eastern_half(full_gazetteer):
    # Chukotka's outline is stored as halves either side of 180 degrees; only the half
    # holding its point used to count, so its far east (Uelen, at -169.8) fell outside.
    item = derived(parse("Rain fell in eastern Chukotka on Monday.", full_gazetteer), "eastern Chukotka")
    assert item.contains(*point(full_gazetteer, UELEN)) and not item.contains(*point(full_gazetteer, PEVEK))


def test_an_outline_that_touches_itself_still_has_its_parts(full_gazetteer):
    # Australia's 1:50M outline touches itself at its Indian Ocean territories.
    item = derived(parse("Floods cut roads across northern Australia.", full_gazetteer), "northern Australia")
    assert item.has_area, item.reason
    assert item.contains(*point(full_gazetteer, DARWIN)) and not item.contains(*point(full_gazetteer, SYDNEY))


def test_a_citys_part_is_its_disc_without_the_outline_margin(full_gazetteer):
    from geo.spatial.tables import OUTLINE_MARGIN_KM
    item = derived(parse("Police patrolled eastern Ames, Iowa.", full_gazetteer), "eastern Ames")
    assert item.has_area and item.uncertainty_km < OUTLINE_MARGIN_KM


@pytest.mark.parametrize("text", [
    "HOUSTON, Texas -- Texas officials met. Roads 20 km north of the state line were flooded.",
    "DES MOINES, Iowa -- Iowa farmers in Ames met 40 km west of the state's capital.",
])
def test_the_state_followed_by_what_it_qualifies_is_no_stand_in(full_gazetteer, text):
    assert [d.mention.text for d in parse(text, full_gazetteer).derived] == []


def test_a_stand_in_is_named_with_its_place_in_the_method(full_gazetteer):
    text = ("PESHAWAR, Pakistan -- Rain fell on Peshawar, Mardan and Chitral on Sunday. Villages in the "
            "south of the province were cut off.")
    item = derived(parse(text, full_gazetteer), "in the south of the province")
    assert "the province (Khyber Pakhtunkhwa)" in item.method, item.method
