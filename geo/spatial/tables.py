"""The words and numbers spatial descriptions are read with, as named tables.

Each table has a name, a docstring saying why its values are what they are, and a
test (tests/spatial/test_tables.py). Code elsewhere in ``geo.spatial`` reads these
tables and holds no word lists or distances of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Table(Generic[K, V]):
    """A named, documented, read-only table of rule data.

    >>> UNITS_KM.rows["km"]
    1.0
    """

    name: str
    doc: str
    rows: Mapping[K, V]

    def __getitem__(self, key: K) -> V:
        return self.rows[key]

    def get(self, key: K, default: V | None = None) -> V | None:
        return self.rows.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.rows


def _table(name: str, doc: str, rows: dict) -> Table:
    return Table(name, doc, MappingProxyType(dict(rows)))


_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()

NUMBER_WORDS = _table(
    "number_words",
    "Spelled-out whole numbers news writes for distances ('seventy miles'); compounds such "
    "as 'forty-five' and multipliers ('two hundred') are read from these parts.",
    {**{word: i + 1 for i, word in enumerate(_UNITS)}, **{word: 20 + 10 * i for i, word in enumerate(_TENS)},
     "a": 1, "an": 1, "hundred": 100, "thousand": 1000},
)

VAGUE_QUANTITIES = _table(
    "vague_quantities",
    "Quantity words without a number, as a (low, high) range: 'a few miles' is read as two "
    "to five miles, 'a dozen' as ten to fourteen, the way a reader would take them.",
    {"a few": (2.0, 5.0), "a couple of": (2.0, 3.0), "several": (3.0, 8.0), "a dozen": (10.0, 14.0),
     "dozens of": (24.0, 90.0), "a handful of": (2.0, 5.0)},
)

UNITS_KM = _table(
    "units_km",
    "Length units as written, in kilometres (international mile and yard; nautical mile "
    "1.852 km). Bare 'm' is left out: '5m' in news is far more often millions.",
    {"mile": 1.609344, "miles": 1.609344, "mi": 1.609344, "km": 1.0, "kms": 1.0, "kilometre": 1.0,
     "kilometres": 1.0, "kilometer": 1.0, "kilometers": 1.0, "metres": 0.001, "meters": 0.001,
     "metre": 0.001, "meter": 0.001, "yards": 0.0009144, "yard": 0.0009144,
     "nautical miles": 1.852, "nautical mile": 1.852},
)

HEDGE_SPREAD = _table(
    "hedge_spread",
    "Words that soften a distance ('about 20 km', 'nearly 70 miles') and how far either "
    "way of the number the true distance may then be, as a share of it. 'More than' and "
    "'over' only open the far side, 'nearly' and 'under' the near side; the model uses "
    "the wider of the two sides for the radius.",
    {"about": 0.2, "some": 0.2, "around": 0.2, "roughly": 0.2, "approximately": 0.2, "approx": 0.2,
     "nearly": 0.15, "almost": 0.15, "more than": 0.3, "over": 0.3, "just over": 0.15,
     "less than": 0.3, "under": 0.3, "just under": 0.15, "up to": 0.5, "at least": 0.3, "barely": 0.15},
)

# Compass points of the 16-wind rose, in degrees clockwise from north.
_COMPASS = {
    "north": 0.0, "northnortheast": 22.5, "northeast": 45.0, "eastnortheast": 67.5, "east": 90.0,
    "eastsoutheast": 112.5, "southeast": 135.0, "southsoutheast": 157.5, "south": 180.0,
    "southsouthwest": 202.5, "southwest": 225.0, "westsouthwest": 247.5, "west": 270.0,
    "westnorthwest": 292.5, "northwest": 315.0, "northnorthwest": 337.5,
}
_ABBREVIATIONS = {"N": "north", "NNE": "northnortheast", "NE": "northeast", "ENE": "eastnortheast",
                  "E": "east", "ESE": "eastsoutheast", "SE": "southeast", "SSE": "southsoutheast",
                  "S": "south", "SSW": "southsouthwest", "SW": "southwest", "WSW": "westsouthwest",
                  "W": "west", "WNW": "westnorthwest", "NW": "northwest", "NNW": "northnorthwest"}

BEARINGS = _table(
    "bearings",
    "Compass directions (written joined, hyphenated or spaced: 'north-northeast', 'north "
    "east', 'northeast'; or abbreviated 'NNE') as bearings in degrees from north.",
    {**_COMPASS, **{abbr: _COMPASS[name] for abbr, name in _ABBREVIATIONS.items()}},
)

DIRECTION_SPREAD_DEG = _table(
    "direction_spread_deg",
    "How many degrees either side of the stated bearing the true one may lie, by how many "
    "compass words the direction has: 45 for 'north' (anywhere from north-west to "
    "north-east), 22.5 for 'north-east', 11.25 for 'north-northeast'. These are the "
    "direction precisions of the point-radius method (Wieczorek et al. 2004).",
    {1: 45.0, 2: 22.5, 3: 11.25},
)

DIRECTION_ALONE_SPREAD_DEG = _table(
    "direction_alone_spread_deg",
    "The half-width of the sector 'north of X' or 'north-west of X' stands for, by "
    "compass words. Without a distance news uses directions loosely (Irpin, at 291 "
    "degrees, is 'north-west of Kyiv'), so one and two words both get 45 degrees; only "
    "a three-word direction ('north-northeast') narrows it to 22.5.",
    {1: 45.0, 2: 45.0, 3: 22.5},
)

# How big a place of each feature type is, as the radius of a disc, when the gazetteer
# gives it no outline or line (km). Cities get theirs from their population instead.
ANCHOR_RADIUS_KM = _table(
    "anchor_radius_km",
    "The radius of the disc taken for an anchor the gazetteer has only a point for, by "
    "feature type (km): a valley or a mountain range is tens of kilometres across, a pass "
    "or a tunnel a few. Cities use city_radius_km(population) instead.",
    {"continent": 1500.0, "country": 300.0, "historical_country": 400.0, "admin1": 80.0, "admin2": 25.0,
     "region": 120.0, "city": 3.0, "valley": 20.0, "pass": 3.0, "tunnel": 3.0, "mountains": 80.0,
     "mountain": 5.0, "river": 10.0, "lake": 15.0, "sea": 200.0, "desert": 200.0, "plateau": 100.0,
     "island": 20.0, "plain": 60.0, "other": 3.0},
)

DIRECTION_REACH_KM = _table(
    "direction_reach_km",
    "How far beyond its anchor 'north of X' (a direction without a distance) reaches, by "
    "the anchor's feature type (km). News says 'north of Baghdad' for towns up to two "
    "hours' drive away (Samarra, 110 km), 'north of Syria' for whole neighbouring "
    "regions; towns under 100,000 people get half a city's reach; 'just north of' uses a "
    "fifth. 'road' is how far 'the highway from Kabul to the north' is drawn.",
    {"continent": 2000.0, "country": 400.0, "historical_country": 400.0, "admin1": 150.0, "admin2": 60.0,
     "region": 150.0, "city": 120.0, "valley": 50.0, "pass": 60.0, "tunnel": 60.0, "mountains": 100.0,
     "mountain": 40.0, "river": 60.0, "lake": 50.0, "sea": 300.0, "desert": 200.0, "plateau": 150.0,
     "island": 40.0, "plain": 100.0, "other": 50.0, "road": 150.0},
)

NEAR_KM = _table(
    "near_km",
    "How far from its anchor's edge a place said to be 'near', 'outside' or 'on the "
    "outskirts of' it may lie (km), by relation word; 'near' a country or a region uses "
    "the larger 'near_area' value.",
    {"near": 25.0, "near_area": 75.0, "close to": 25.0, "not far from": 40.0, "outside": 25.0,
     "just outside": 10.0, "on the outskirts of": 10.0, "in the outskirts of": 10.0,
     "on the edge of": 10.0, "in the vicinity of": 25.0, "a suburb of": 15.0, "in the suburbs of": 15.0,
     "around": 25.0, "nearby": 25.0, "within sight of": 15.0},
)

SIDE_REACH_KM = _table(
    "side_reach_km",
    "How far 'on the north side of X' reaches beyond X's centre (km), by X's feature type: "
    "the far side of a tunnel or a pass is the valley it opens onto; a city's side is its "
    "own half and its edge (cities add their radius); a city's outskirts, fringes and "
    "suburbs reach 15 km past its edge.",
    {"city": 5.0, "city_outskirts": 15.0, "tunnel": 60.0, "pass": 60.0, "mountain": 30.0, "mountains": 80.0, "valley": 25.0,
     "river": 40.0, "lake": 40.0, "other": 40.0},
)

BAND_KM = _table(
    "band_km",
    "Half-width of the band around a line (a border, a river, a road) that a place 'on' "
    "or 'near' it may lie in (km). Rivers get 35 km because the curated courses are five "
    "or six points each and cut corners by up to 30 km. 'between' is a band a quarter of "
    "the two anchors' distance wide either side; 'halfway between' a circle of a quarter "
    "of it (a road that curves, like the coast road round the Gulf of Sidra, moves the "
    "halfway point off the straight line).",
    {"border": 30.0, "near_border": 60.0, "across_border": 60.0, "river": 35.0, "road": 12.0,
     "between": 0.25, "halfway": 0.25},   # between, halfway: shares of the distance between the anchors
)

MAX_DISTANCE_KM = _table(
    "max_distance_km",
    "Distances beyond which a description is taken as unreadable rather than drawn: a "
    "quarter of the Earth's circumference (about 10,000 km) for 'N units DIR of X', and "
    "below 10 metres nothing is worth a separate area. 'Between X and Y' is drawn along "
    "the straight line in a plane centred between them: past 3,000 km that line is "
    "neither a road nor a route (the band would cover half a continent, and the plane "
    "bends it out of shape), so it is not drawn.",
    {"largest": 10_000.0, "smallest": 0.01, "between": 3_000.0},
)

SPATIAL_CUES_BEFORE_BETWEEN = _table(
    "spatial_cues_before_between",
    "Words that make 'between X and Y' a place rather than a relation ('talks between "
    "Washington and Beijing'): a road, an area or a verb of lying. One must stand within "
    "three words before 'between' unless both anchors are towns or features.",
    {word: True for word in (
        "road", "roads", "highway", "highways", "motorway", "route", "routes", "area", "areas", "region",
        "corridor", "stretch", "territory", "land", "lies", "lie", "lying", "located", "situated", "sits",
        "midway", "halfway", "somewhere", "village", "villages", "town", "towns", "line", "frontline",
        "front", "valley", "plain", "desert", "mountains", "countryside", "zone", "strip", "pipeline",
        "railway", "border", "frontier", "sea", "straddling", "straddles", "fighting", "clashes",
        "checkpoints", "checkpoint", "convoy", "ambushed", "positions")},
)

RELATION_NOUNS_BEFORE_BETWEEN = _table(
    "relation_nouns_before_between",
    "Words that make 'between X and Y' a relation between governments or teams, never a "
    "place, even for two towns ('flights between London and Paris', 'the match between "
    "Madrid and Barcelona', 'the rail service between London and Amsterdam').",
    {word: True for word in (
        "relations", "talks", "ties", "trade", "match", "game", "games", "dialogue", "agreement", "deal",
        "rivalry", "difference", "differences", "gap", "tension", "tensions", "negotiations", "cooperation",
        "flights", "flight", "links", "relationship", "summit", "meeting", "exchange", "exchanges",
        "treaty", "war", "dispute", "row", "friendship", "alliance", "split", "choice", "competition",
        "partnership", "contrast", "comparison", "final", "service", "services", "train", "trains", "ferry",
        "ferries", "bus", "buses")},
)

NOT_STAND_IN_FOLLOWERS = _table(
    "not_stand_in_followers",
    "Words after 'the state' or 'the province' that make it something else than the place: "
    "its line ('north of the state line' is the border), its institutions ('the state "
    "media', 'the state police'), or another thing it qualifies ('the state of "
    "emergency zone'); a possessive or a hyphen after it ('the state's capital', 'state-run') "
    "is read the same way.",
    {word: True for word in (
        "of", "line", "lines", "media", "government", "department", "police", "legislature", "house",
        "senate", "assembly", "budget", "election", "elections", "emergency", "court", "courts", "agency",
        "troopers", "patrol", "highway", "highways", "park", "parks", "university", "school", "schools",
        "party", "broadcaster", "television", "radio", "news", "company", "companies", "council")},
)

STAND_IN_NOUNS = _table(
    "stand_in_nouns",
    "Nouns that, after 'the', stand for a place the article already fixed, and what they "
    "stand for: 'the capital' is the focus country's capital (a story about one state: "
    "the state's), 'the country' the focus country, 'the state' and 'the province' the "
    "state named last, else the story's own ('the south of the province').",
    {"capital": "capital", "country": "country", "state": "admin1", "province": "admin1"},
)


def city_radius_km(population: int) -> float:
    """The radius of the disc a city of this population covers (km): 0.25 * sqrt(pop /
    1000), kept between 1.5 and 30. It gives about 2.5 km for 100,000 people, 8 km for
    a million and 25 km for ten million, close to the built-up areas of such cities.

    >>> round(city_radius_km(1_000_000), 1), city_radius_km(0), city_radius_km(10**9)
    (7.9, 1.5, 30.0)
    """
    return max(1.5, min(30.0, 0.25 * (max(population, 0) / 1000) ** 0.5))


# A metropolitan area reaches about three times the radius of the city proper: "a
# suburb of Chicago" may be 45 km from its centre (Naperville).
METRO_FACTOR = 3.0

BETWEEN_PARTNER_KM = _table(
    "between_partner_km",
    "How far from the other place the unfound name of 'between X and Y' may lie and still "
    "be taken as that namesake (km): 'the road between Ames and Huxley' joins two towns a "
    "drive apart; 200 km is a few hours' drive, and a namesake farther away is more likely "
    "another place of that name than the one meant.",
    {"max": 200.0},
)

# Country and state outlines are drawn at 1:50M or simplified to a few kilometres: a
# town on the border itself (Mandera, where Kenya meets Somalia and Ethiopia) can fall
# just outside its own country's line, so a part of an outline ("the far northeast of
# Kenya") reaches this far past that line (km).
OUTLINE_MARGIN_KM = 5.0

# News rounds distances and often gives them by road: a stated distance is taken as
# at least 10 % uncertain either way even when written as a plain number.
DISTANCE_SPREAD_FLOOR = 0.1

ALL_TABLES = (NUMBER_WORDS, VAGUE_QUANTITIES, UNITS_KM, HEDGE_SPREAD, BEARINGS, DIRECTION_SPREAD_DEG,
              DIRECTION_ALONE_SPREAD_DEG, ANCHOR_RADIUS_KM, DIRECTION_REACH_KM, NEAR_KM, SIDE_REACH_KM, BAND_KM, MAX_DISTANCE_KM,
              SPATIAL_CUES_BEFORE_BETWEEN, RELATION_NOUNS_BEFORE_BETWEEN, NOT_STAND_IN_FOLLOWERS, STAND_IN_NOUNS, BETWEEN_PARTNER_KM)
