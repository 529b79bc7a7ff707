"""Groups of feature types, how a text's type word agrees with a place's type, and how
far a name match is trusted: facts about gazetteer records that recognition,
resolution, the map and the exports all read from here.
"""

from __future__ import annotations

from gazetteer.fold import fold
from gazetteer.model import Candidate

# Places that cover a whole country or more: never "near" anything, and their own name
# outweighs a small town's.
BROAD_TYPES = ("continent", "country", "historical_country", "sea")
# Units a qualifier can stand for ("Dover, Delaware"), for a strict "inside" test.
CONTAINER_TYPES = ("country", "admin1", "admin2")
# Units that can hold a place a qualifier names, by codes or by nearness ("a village in
# the Bicol Region").
HOLDING_TYPES = frozenset(CONTAINER_TYPES) | {"historical_country", "region"}
# Types whose two-point extent is the corners of a box rather than the ends of a line.
BOX_TYPES = frozenset({"mountains", "region", "desert", "plateau"})

# Pairs (type word in the text, place type) that agree although they differ: news calls
# an oblast or a province a region ("the Kyiv region").
TYPE_AGREEMENTS = frozenset({
    ("admin1", "admin2"), ("admin2", "admin1"), ("mountain", "mountains"), ("mountains", "mountain"),
    ("sea", "lake"), ("city", "admin2"), ("region", "admin1"), ("region", "admin2"),
})

# How far a match is trusted: the place's main name, one of its aliases, a GeoNames
# alternate name (noisy for villages).
STRENGTH_MAIN_NAME = 1.0
STRENGTH_ALIAS = 0.95
STRENGTH_ALTERNATE = 0.55
# For a great city, GeoNames alternates are its real names in other languages ("Kiev"):
# (lowest population, strength), largest first.
STRENGTH_ALTERNATE_BY_POPULATION = ((1_000_000, 0.9), (100_000, 0.75))


def type_agrees(hint: str, feature_type: str) -> bool:
    """Whether a type word the text uses fits a place's feature type.

    >>> type_agrees("valley", "valley"), type_agrees("region", "admin1"), type_agrees("pass", "city")
    (True, True, False)
    """
    return hint == feature_type or (hint, feature_type) in TYPE_AGREEMENTS


def strength_factor(candidate: Candidate) -> float:
    """How far a name match is trusted. GeoNames alternates are noisy for villages, but
    for a great city they are its real names in other languages ("New York", "Kiev").

    >>> from gazetteer.model import Place
    >>> kabul = Place("gn:1", "Kabul", "city", "AF", 34.5, 69.2, population=4_000_000)
    >>> strength_factor(Candidate(kabul, "Kabul")), strength_factor(Candidate(kabul, "Kaboul", is_preferred=False))
    (1.0, 0.9)
    >>> strength_factor(Candidate(Place("gn:2", "Chornomors’k", "city", "UA", 46.3, 30.7), "Chornomorsk",
    ...                           is_preferred=False))
    1.0
    """
    if not candidate.is_preferred and not _spelled_alike(candidate.matched_name, candidate.place.name):
        population = candidate.place.population
        return next((strength for lowest, strength in STRENGTH_ALTERNATE_BY_POPULATION if population >= lowest),
                    STRENGTH_ALTERNATE)
    if fold(candidate.matched_name) != fold(candidate.place.name) \
            and not _spelled_alike(candidate.matched_name, candidate.place.name):
        return STRENGTH_ALIAS
    return STRENGTH_MAIN_NAME


def _spelled_alike(name: str, main_name: str) -> bool:
    """The main name written without its apostrophes or spaces: GeoNames lists
    "Chornomorsk" as an alternate of "Chornomors’k", and a reader writes it so.

    >>> _spelled_alike("Chornomorsk", "Chornomors’k"), _spelled_alike("Odessa", "Odesa")
    (True, False)
    """
    return fold(name).replace(" ", "") == fold(main_name).replace(" ", "")
