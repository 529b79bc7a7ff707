"""A name with its container ("a town in Kingfisher County, Oklahoma"): the namesake
inside the container wins, a place the gazetteer lacks is pinned at the container, and
lists of names are not read as a place and its region. Texts written for these tests."""

from __future__ import annotations

import pytest

from geo.model import is_placed_within
from geo.pipeline import parse
from tests.engine.helpers import mention_texts, near, place_named

# Stockholm's namesakes are in Sweden and a few US states, none in Kingfisher County.
FARM_TOWN = """Stockholm is a small farming town in Kingfisher County, Oklahoma. Stockholm
has one grain elevator, and its school closed in 1998. Wheat prices worry everyone in Stockholm."""

UNKNOWN_HAMLET = """Quillbarrow, a hamlet in Kingfisher County, Oklahoma, lost power on Monday.
Crews from Enid reached Quillbarrow by noon."""

STORE_CLOSINGS = "The chain has stores in Tampa and Fort Lauderdale, Ohio and Michigan, and plans more."

TWO_STATES = "The company also runs feed mills in Kansas, Nebraska, and sells grain abroad."

THREE_CITIES = "Fighting was reported in Kabul, Kandahar and Herat on Thursday."

CLARK_COUNTY = """Springfield, a city in Clark County, Ohio, opened a new library on Monday.
Springfield's mayor said the county had paid for half of it."""


@pytest.fixture(scope="module")
def gaz(full_gazetteer):
    return full_gazetteer


def _county(gaz, name: str, admin1: str):
    return next(c.place for c in gaz.candidates(name) if c.place.feature_type == "admin2"
                and c.place.admin1_code == admin1)


def test_a_town_the_gazetteer_lacks_is_pinned_at_the_county_the_text_names(gaz):
    result = parse(FARM_TOWN, gaz)
    town = place_named(result, "Stockholm")
    county = _county(gaz, "Kingfisher County", "US.OK")
    assert is_placed_within(town.place)
    assert (town.place.lat, town.place.lon) == (county.lat, county.lon)
    assert town.place.country_code == "US" and town.place.admin1_code == "US.OK"
    assert len(town.mentions) == 3, "every mention of the town is linked"
    assert "Kingfisher County" in town.reason
    # The namesakes it passed over stay visible, so a reader can correct it.
    assert any(a.place.country_code == "SE" for a in town.alternatives)
    # The county keeps its own entry: the pin does not swallow it.
    assert place_named(result, "Kingfisher County").key != town.key
    assert place_named(result, "Oklahoma").place.feature_type == "admin1"


def test_a_given_name_with_no_gazetteer_entry_is_pinned_at_its_county(gaz):
    start = UNKNOWN_HAMLET.index("Quillbarrow")
    later = UNKNOWN_HAMLET.index("Quillbarrow", start + 1)
    spans = [(start, start + 11), (later, later + 11)]
    result = parse(UNKNOWN_HAMLET, gaz, given_spans=spans)
    hamlet = place_named(result, "Quillbarrow")
    assert is_placed_within(hamlet.place)
    assert near(hamlet, 35.9, -97.9, km=30)
    assert [m.start for m in hamlet.mentions] == [start, later]
    assert not result.unresolved


def test_without_a_container_a_missing_name_stays_unresolved(gaz):
    text = "Quillbarrow lost power on Monday."
    result = parse(text, gaz, given_spans=[(0, 11)])
    assert not result.places
    assert [u.name for u in result.unresolved] == ["Quillbarrow"]


def test_the_namesake_inside_the_named_county_wins(gaz):
    springfield = place_named(parse(CLARK_COUNTY, gaz), "Springfield")
    assert springfield.place.admin2_code == _county(gaz, "Clark County", "US.OH").admin2_code
    assert not is_placed_within(springfield.place)


def test_a_list_of_cities_is_not_a_city_and_its_region(gaz):
    result = parse(STORE_CLOSINGS, gaz)
    lauderdale = place_named(result, "Fort Lauderdale")
    assert not is_placed_within(lauderdale.place)
    assert lauderdale.place.admin1_code == "US.FL"


def test_a_state_before_a_state_is_not_inside_it(gaz):
    result = parse(TWO_STATES, gaz)
    assert place_named(result, "Kansas").place.feature_type == "admin1"
    assert place_named(result, "Kansas").place.admin1_code == "US.KS"


def test_cities_in_a_list_keep_their_own_places(gaz):
    result = parse(THREE_CITIES, gaz)
    for name, lat, lon in (("Kabul", 34.53, 69.17), ("Kandahar", 31.61, 65.71), ("Herat", 34.35, 62.2)):
        place = place_named(result, name)
        assert not is_placed_within(place.place)
        assert near(place, lat, lon, km=20)


def test_the_county_seat_of_a_county_is_placed_in_it(gaz):
    text = "Quillbarrow is the county seat of Kingfisher County, Oklahoma."
    hamlet = place_named(parse(text, gaz, given_spans=[(0, 11)]), "Quillbarrow")
    assert is_placed_within(hamlet.place)
    assert hamlet.place.admin2_code == _county(gaz, "Kingfisher County", "US.OK").admin2_code


def test_a_region_with_particles_is_one_name_and_a_qualifier(gaz):
    text = "Cortes is a coastal municipality in the province of Surigao del Sur, Philippines."
    result = parse(text, gaz)
    region = place_named(result, "Surigao del Sur")
    assert region.place.feature_type in ("admin1", "admin2")   # Philippine provinces are GeoNames admin2
    assert place_named(result, "Cortes").place.admin1_code == region.place.admin1_code


RAID = """Gunmen stormed Quillbarrow, a farming village in Borno State, on Friday. Residents of
Quillbarrow fled to Maiduguri, and Quillbarrow's school was burned."""


def test_a_name_the_text_calls_a_village_in_a_known_state_is_found_and_pinned(gaz):
    result = parse(RAID, gaz)
    village = place_named(result, "Quillbarrow")
    assert is_placed_within(village.place)
    assert village.place.admin1_code == place_named(result, "Borno State").place.admin1_code
    assert [m.text for m in village.mentions] == ["Quillbarrow"] * 3   # the possessive too


def test_only_a_place_noun_makes_an_unknown_name_a_place(gaz):
    text = ("Then, a village in Helmand was shelled. Karimi, a farmer in Helmand, said Zorbek, "
            "a commander of the Taliban, had left.")
    assert mention_texts(parse(text, gaz)) == {"Helmand"}


def test_a_county_named_bare_holds_a_village_the_gazetteer_lacks(gaz):
    text = ("British flood wardens said on Sunday that the River Medway had burst its banks near "
            "Maidstone. Residents of Quillbarrow, a village in Kent, said the water rose faster than "
            "in 2013, and trains from Maidstone to London were cancelled.")
    village = place_named(parse(text, gaz), "Quillbarrow")
    assert is_placed_within(village.place)
    assert village.place.country_code == "GB"


# Cases a review of the container rules found; each text is written for the test.

def test_a_curated_feature_named_with_its_province_is_not_pinned(gaz):
    tunnel = place_named(parse("The Salang Tunnel, a tunnel in Parwan Province, was closed.", gaz), "Salang Tunnel")
    assert not is_placed_within(tunnel.place)
    assert tunnel.place.feature_type == "tunnel"


def test_a_described_town_the_gazetteer_knows_is_its_entry(gaz):
    town = place_named(parse("Frederica, a small town in Kent County, Delaware, flooded.", gaz), "Frederica")
    assert not is_placed_within(town.place)
    assert town.place.admin1_code == "US.DE"


def test_a_person_described_by_his_village_is_no_place(gaz):
    text = "Okonkwo, the head of a village in Borno State, said gunmen came at night. Okonkwo fled."
    assert "Okonkwo" not in mention_texts(parse(text, gaz))


def test_a_world_city_is_not_pinned_in_a_misread_state(gaz):
    text = "Tbilisi is the capital of Georgia. Columbus, Georgia, is home to an army base."
    assert place_named(parse(text, gaz), "Tbilisi").place.country_code == "GE"


def test_a_country_after_a_city_before_and_is_still_its_country(gaz):
    valencia = place_named(parse("Flights to Valencia, Venezuela and Madrid were cancelled.", gaz), "Valencia")
    assert valencia.place.country_code == "VE"
    assert "named with its region or country" in valencia.reason


def test_a_pinned_name_does_not_vote_for_its_namesakes_country(gaz):
    text = ("Stockholm is a small farming town in Kingfisher County, Oklahoma. Stockholm has a grain "
            "elevator, Stockholm's school closed, and Stockholm residents once visited Uppsala.")
    result = parse(text, gaz)
    assert result.focus.country_code == "US"
    assert is_placed_within(place_named(result, "Stockholm").place)


def test_a_mention_before_the_description_joins_it(gaz):
    text = "Quillbarrow lost power on Monday. Quillbarrow, a hamlet in Kingfisher County, Oklahoma, is small."
    result = parse(text, gaz)
    hamlet = place_named(result, "Quillbarrow")
    assert len(hamlet.mentions) == 2 and is_placed_within(hamlet.place)
    assert not result.unresolved


def test_a_namesake_far_down_the_gazetteers_ranking_is_still_weighed():
    """A common name ("Springfield", "Santa Clara") has dozens of namesakes: the one the
    qualifier points at may rank fortieth by renown and must still be found, not pinned
    at its state's point (resolution weighs MAX_CANDIDATES of them)."""
    from gazetteer.build import build_from_places
    from gazetteer.model import Place

    names = [f"Kel{'bcdfghjklmnprstvwz'[k % 18]}{'aeiou'[k // 18]}ra" for k in range(45)]   # Kelbara ...
    states = [Place(f"t:state-{k}", names[k], "admin1", "US", 30.0 + k * 0.3, -100.0, admin1_code=f"US.V{k}")
              for k in range(45)]
    towns = [Place(f"t:orbury-{k}", "Orbury", "city", "US", 30.0 + k * 0.3, -100.2, population=90_000 - k * 1_000,
                   admin1_code=f"US.V{k}") for k in range(45)]
    gaz = build_from_places(states + towns)
    try:
        town = place_named(parse(f"Orbury, {names[40]} held its fair on Sunday.", gaz), "Orbury")
        assert town.place.id == "t:orbury-40" and not is_placed_within(town.place)
    finally:
        gaz.close()
