"""Same-name places, valleys and passes, and names that are people or newspapers, in
news-style texts written for these tests."""

from __future__ import annotations

import pytest

from geo.pipeline import parse
from tests.engine.helpers import mention_texts, near, place_named

PARIS_TEXAS = """Storms flattened barns outside Paris, Texas, on Tuesday, and the county judge
asked Austin for help. Paris has seen three such storms since 2019, and residents of the
small Lamar County town said the sirens sounded late."""

PARIS_FRANCE = """Protesters marched through Paris on Saturday as unions pressed the government
over pensions. Trains to Lyon and Marseille were cancelled, and officials in Paris said
the police had made 40 arrests."""

MOSCOW_IDAHO = """The University of Idaho campus in Moscow, Idaho, reopened on Monday. Students
returning to Moscow found new lighting on the paths, and Boise sent extra troopers."""

MOSCOW_RUSSIA = """Officials in Moscow said on Friday that talks with Kyiv had stalled. The
Kremlin accused Ukraine of shelling Belgorod, and flights from Moscow to St. Petersburg were delayed."""

GEORGIA_COUNTRY = """Thousands rallied in Tbilisi against a law that critics say mirrors Russia's.
Georgia's prime minister refused to withdraw it, and the European Union warned that
Georgia could lose its candidate status. Protests spread to Batumi on the Black Sea."""

GEORGIA_STATE = """Early voting in Georgia broke records on Monday, with long lines in Atlanta and
Savannah. Election officials in Georgia said turnout in Fulton County was the highest
since 2008, and Alabama reported a similar surge."""

KABUL_THREE = """The Kabul River was running high in spring as it passed Jalalabad on its way to
Pakistan. Farmers across Kabul province said the flood had washed away orchards, while in
Kabul itself the city's markets were calm."""

PASSES_AND_VALLEYS = """Trucks waited for days at the Khyber Pass before crossing from Peshawar into
Afghanistan. In Lebanon, shelling hit villages in the Bekaa Valley near Baalbek. Barges on
the Rhine near Cologne were stranded as the water fell, and shipping to Rotterdam slowed."""

PEOPLE_AND_PAPERS = (
    "In an interview with The Washington Post, Jordan Peterson said he would speak in Denver. "
    "Mr. Lincoln, a lawyer, told The New York Times that Kenya Moore and Paris Hilton had left "
    "London for Berlin, where Agence France-Presse reported rain on Sunday.")

# One place per line, as in a pasted list: a line break ends a name.
PLACE_LIST = "Kabul\nHerat\nMoscow\nParis\nBerlin"


@pytest.fixture(scope="module")
def gaz(small_gazetteer):
    return small_gazetteer


def test_paris_texas_when_the_text_says_texas(gaz):
    result = parse(PARIS_TEXAS, gaz)
    paris = place_named(result, "Paris")
    assert paris.place.country_code == "US"
    assert near(paris, 33.66, -95.55)
    assert len(paris.mentions) == 2, "the later bare 'Paris' is the same Texas town"


def test_paris_france_otherwise(gaz):
    paris = place_named(parse(PARIS_FRANCE, gaz), "Paris")
    assert paris.place.country_code == "FR"
    assert len(paris.mentions) == 2


def test_moscow_idaho_and_moscow_russia(gaz):
    idaho = place_named(parse(MOSCOW_IDAHO, gaz), "Moscow")
    assert idaho.place.country_code == "US" and near(idaho, 46.73, -117.0)
    russia = place_named(parse(MOSCOW_RUSSIA, gaz), "Moscow")
    assert russia.place.country_code == "RU" and near(russia, 55.75, 37.62)


def test_georgia_the_country_among_caucasus_places(gaz):
    georgia = place_named(parse(GEORGIA_COUNTRY, gaz), "Georgia")
    assert georgia.place.feature_type == "country" and georgia.place.country_code == "GE"


def test_georgia_the_state_among_us_places(gaz):
    georgia = place_named(parse(GEORGIA_STATE, gaz), "Georgia")
    assert georgia.place.country_code == "US" and georgia.place.feature_type == "admin1"


def test_kabul_river_province_and_city_are_three_places(gaz):
    result = parse(KABUL_THREE, gaz)
    river = place_named(result, "Kabul River")
    province = place_named(result, "Kabul province")
    city = place_named(result, "Kabul")
    assert river.place.feature_type == "river"
    assert province.place.feature_type == "admin1"
    assert city.place.feature_type == "city" and near(city, 34.53, 69.17, 30)
    assert len({river.key, province.key, city.key}) == 3


def test_passes_valleys_and_rivers_elsewhere(gaz):
    result = parse(PASSES_AND_VALLEYS, gaz)
    assert place_named(result, "Khyber Pass").place.feature_type == "pass"
    bekaa = place_named(result, "Bekaa Valley")
    assert bekaa.place.feature_type == "valley" and bekaa.place.country_code == "LB"
    assert place_named(result, "Rhine").place.feature_type == "river"
    assert near(place_named(result, "Peshawar"), 34.0, 71.57, 30)


def test_people_and_newspapers_are_not_places(gaz):
    result = parse(PEOPLE_AND_PAPERS, gaz)
    texts = mention_texts(result)
    assert {"Denver", "London", "Berlin"} <= texts
    for not_a_place in ("Washington", "Jordan", "Lincoln", "New York", "Kenya", "Paris", "France", "Sunday"):
        assert not_a_place not in texts, f"{not_a_place!r} was placed on the map"


def test_every_mention_slices_its_own_text(gaz):
    for text in (PARIS_TEXAS, GEORGIA_COUNTRY, KABUL_THREE, PASSES_AND_VALLEYS, PEOPLE_AND_PAPERS):
        result = parse(text, gaz)
        for place in result.places + result.demonyms + result.unresolved:
            for mention in place.mentions:
                assert text[mention.start:mention.end] == mention.text
                passage = result.passages[mention.passage]
                assert passage.start <= mention.start and mention.end <= passage.end


def test_a_list_of_places_one_per_line(gaz):
    assert {"Kabul", "Herat", "Moscow", "Paris", "Berlin"} <= mention_texts(parse(PLACE_LIST, gaz))


def test_a_title_ends_at_punctuation(gaz):
    """"Mr." makes the next word a person; a title three words back does not reach past
    a comma or a quote to a demonym or a country."""
    text = ('Said the colonel, "Afghan commandos and Russian advisers held the line," '
            "and the president thanked Pakistan.")
    result = parse(text, gaz)
    assert {d.name for d in result.demonyms} >= {"Afghan", "Russian"}
    assert "Pakistan" in mention_texts(result)


def test_addresses_name_no_place(gaz):
    text = ("Read the report (https://example.com/Moscow/report) or write to desk@Paris.org; "
            "the photo is images/Berlin-Wall.jpg. Fighting reached Herat.")
    assert mention_texts(parse(text, gaz)) == {"Herat"}


def test_a_later_qualified_namesake_does_not_move_the_first(gaz):
    """News gives a place its qualifier at first mention; a qualified mention that only
    comes later names another place of the same name."""
    text = ("Chester is a small city in Randolph County, Illinois, on the bluffs above the river. "
            "Settlers named it after Chester, England, in 1829.")
    result = parse(text, gaz)
    first = next(p for p in result.places if any(m.start == 0 for m in p.mentions))
    later = next(p for p in result.places if any(m.start == text.rindex("Chester") for m in p.mentions))
    assert first.place.country_code == "US" and first.place.admin1_code == "US.IL"
    assert later.place.country_code == "GB"


def test_the_state_of_names_a_state(gaz):
    georgia = place_named(parse("Turnout rose across the state of Georgia on Tuesday.", gaz), "Georgia")
    assert georgia.place.feature_type == "admin1" and georgia.place.country_code == "US"


# Written for these tests: a US story that mentions a world city in passing.
MIDWEST_STORY = """Transit officials in Chicago and Detroit met on Tuesday to discuss new
buses. Detroit's director, who grew up in Michigan, said she had ridden similar buses in
London last year and came back impressed. Cleveland and Milwaukee are watching the vote."""

INSTITUTIONS = """She was turned down by the University of California and by two colleges in
Texas. Sailors at Pearl Harbor and staff in the West Wing heard the news on Monday."""


def test_a_world_city_is_not_moved_by_the_articles_country_alone(full_gazetteer):
    london = place_named(parse(MIDWEST_STORY, full_gazetteer), "London")
    assert london.place.country_code == "GB"


def test_a_world_city_still_yields_to_a_qualifier(full_gazetteer):
    text = "Storm damage closed schools in London, Ohio, on Monday, and London's mayor asked for help."
    london = place_named(parse(text, full_gazetteer), "London")
    assert london.place.admin1_code == "US.OH"
    assert len(london.mentions) == 2


def test_institutions_named_after_places_are_not_villages(full_gazetteer):
    texts = mention_texts(parse(INSTITUTIONS, full_gazetteer))
    assert "University" not in texts, "University of California is no village called University"
    assert "Pearl" not in texts and "Wing" not in texts
    assert "Texas" in texts
    # The university's California is linked, as the institution's place, off the map.
    assert "California" not in texts
    assert "California" in {m.text for p in parse(INSTITUTIONS, full_gazetteer).embedded for m in p.mentions}


AGENCIES = """Inspectors from the Illinois Department of Public Health visited the plant on
Friday, and the Boise Fire Department sent two engines to help. The U.S. Navy sent none."""

COACH = "The former Louisville coach said the team had been treated unfairly."


def test_a_place_leading_an_agencys_name_is_linked_but_kept_off_the_map(full_gazetteer):
    result = parse(AGENCIES, full_gazetteer)
    embedded = {m.text: rp.place for rp in result.embedded for m in rp.mentions}
    assert embedded["Illinois"].admin1_code == "US.IL"
    assert embedded["Boise"].admin1_code == "US.ID"
    on_map = mention_texts(result)
    assert "Illinois" not in on_map and "Boise" not in on_map
    assert "U.S." in on_map, "a country leading an organisation's name stays on the map"


def test_a_place_between_two_titles_is_the_offices_place(full_gazetteer):
    louisville = place_named(parse(COACH, full_gazetteer), "Louisville")
    assert louisville.place.admin1_code == "US.KY"


MARYLAND_STORY = """Marines at Camp Lejeune heard the president praise the troops he had met in
California last month. Later, in Annapolis, Maryland, he told reporters that Baltimore and
Frederick would get new federal money."""


def test_a_state_of_the_articles_country_beats_its_small_namesakes(full_gazetteer):
    california = place_named(parse(MARYLAND_STORY, full_gazetteer), "California")
    assert california.place.feature_type == "admin1" and california.place.admin1_code == "US.CA"


def test_a_state_leading_an_agencys_name_places_its_towns(full_gazetteer):
    text = ("Inspectors from the Illinois Department of Public Health visited a meat plant in "
            "Springfield on Friday and ordered it closed.")
    springfield = place_named(parse(text, full_gazetteer), "Springfield")
    assert springfield.place.admin1_code == "US.IL"


UKRAINE = """Shelling hit Mykolaiv and Kherson overnight, officials said, and drones were shot
down over the Kyiv region. In Moscow, the defence ministry denied it."""

AFGHAN_NORTH = "Taliban fighters entered Balkh on Sunday, and Mazar-i-Sharif fell hours later."


def test_a_province_named_after_its_largest_city_means_the_city(full_gazetteer):
    result = parse(UKRAINE, full_gazetteer)
    for name in ("Mykolaiv", "Kherson"):
        assert place_named(result, name).place.feature_type == "city", name
    assert place_named(result, "Kyiv region").place.feature_type in ("admin1", "admin2")


def test_a_dateline_names_the_city_not_the_province_of_that_name(full_gazetteer):
    text = ("MENDOZA, Argentina (AP) — Snow shut the mountain road on Monday.\n\n"
            "Trucks queued west of Mendoza overnight.")
    assert place_named(parse(text, full_gazetteer), "MENDOZA").place.feature_type == "city"
    off = parse(text, full_gazetteer, without={"dateline_city"})
    assert place_named(off, "MENDOZA").place.feature_type == "admin1"
    assert place_named(parse("KHERSON, Ukraine (AP) — Power returned on Monday.", full_gazetteer),
                       "KHERSON").place.feature_type == "city"
    # A headline is no dateline, and a country's name stays the country.
    for text in ("MEXICO-US BORDER REOPENS\n\nTrucks crossed from Mexico into Texas on Monday.",
                 "MEXICO (Reuters) - Mexico raised rates. Inflation in Mexico rose."):
        assert {p.place.feature_type for p in parse(text, full_gazetteer).places
                if any(m.text.lower() == "mexico" for m in p.mentions)} == {"country"}, text
    # The same words in a sentence are no dateline.
    assert place_named(parse("Snow fell across MENDOZA, Argentina, on Monday.", full_gazetteer),
                       "MENDOZA").place.feature_type == "admin1"


def test_a_province_whose_largest_city_has_another_name_stays_the_province(full_gazetteer):
    result = parse(AFGHAN_NORTH, full_gazetteer)
    assert place_named(result, "Balkh").place.feature_type == "admin1"
    assert near(place_named(result, "Mazar-i-Sharif"), 36.71, 67.11, km=20)


def test_a_state_is_not_its_largest_citys_alternate_name(full_gazetteer):
    text = "Storms hit Oklahoma on Monday. In Oklahoma City, schools closed, and Tulsa reported flooding."
    result = parse(text, full_gazetteer)
    assert place_named(result, "Oklahoma").place.feature_type == "admin1"
    assert place_named(result, "Oklahoma City").place.feature_type == "city"


RIVERS = """Fishermen on the Periyar river near Kochi said the water was rising. In England,
the River Medway burst its banks near Maidstone."""


def test_a_river_is_no_town_of_its_name(full_gazetteer):
    result = parse(RIVERS, full_gazetteer)
    periyar = next(u for u in result.unresolved if u.name == "Periyar river")
    assert "river" in periyar.reason
    assert place_named(result, "River Medway").place.country_code == "GB"


def test_a_state_in_a_newspapers_or_brands_name_places_nothing(full_gazetteer):
    paris = place_named(parse("The Texas Tribune reported that talks in Paris had stalled.", full_gazetteer), "Paris")
    assert paris.place.country_code == "FR"
    london = place_named(parse("Kentucky Fried Chicken opened a store in London.", full_gazetteer), "London")
    assert london.place.country_code == "GB"


def test_a_world_city_is_not_moved_by_the_articles_state_alone(full_gazetteer):
    text = "Ohio lawmakers met on Monday. The governor later flew to London for trade talks."
    assert place_named(parse(text, full_gazetteer), "London").place.country_code == "GB"


def test_a_weekday_after_a_town_leaves_it_on_the_map(full_gazetteer):
    annapolis = place_named(parse("Voters in Annapolis Tuesday rejected the plan.", full_gazetteer), "Annapolis")
    assert annapolis.place.admin1_code == "US.MD"


def test_the_focus_place_is_read_from_the_choices_not_the_priors(full_gazetteer):
    # Paris's prior is in France; the story is about Paris, Texas, named most often, and
    # the summary names it as the text writes it, not as its dateline's capitals.
    text = ("PARIS, Texas — Storms knocked out power across Lamar County on Monday. In Paris, crews worked "
            "through the night, and roads to Deport and Reno were closed. Paris officials said schools would "
            "reopen.")
    result = parse(text, full_gazetteer)
    assert result.focus.summary() == "mostly about Paris, United States"
