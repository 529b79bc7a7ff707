"""The rules of resolution, each a named function with the condition it applies under
and the evidence it adds. Weights live in ``geo.resolution.weights``.

A rule takes a candidate and the facts about its name (:class:`NameFacts`) and returns
:class:`Evidence` or ``None``. ``PRIOR_RULES`` weigh a candidate on its own;
``CONTEXT_RULES`` add what the article says around the name. ``DECISIONS`` are the
rules that change what is chosen rather than a score. Any of them can be switched off
by name (``python -m geo evaluate --without NAME``) to measure what it contributes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from gazetteer.fold import fold
from gazetteer.kinds import BROAD_TYPES, strength_factor, type_agrees
from gazetteer.model import Candidate, Place
from geo.resolution import weights as w
from geo.resolution.article import ArticleContext, group_id, nearest_anchor, own_weight
from geo.resolution.containers import Qualifiers, inside
from geo.resolution.evidence import Evidence
from geo.resolution.groups import Group
from geo.spatial.evidence import inside_fit

QUALIFIED_REASON = "named with its region or country"


@dataclass(frozen=True, slots=True)
class NameFacts:
    """What the rules know about one name: its group, and once the article has been
    read, the article, the name's other candidates and the container its qualifier
    stands for."""

    group: Group
    qualifiers: Qualifiers
    article: ArticleContext | None = None
    container: Place | None = None
    candidates: int = 0                     # how many candidates the name has
    shielding_country: bool = False         # a country's own name is among them
    country_codes: frozenset[str] = frozenset()
    largest_city: int = 0                   # population of its largest preferred city
    states: frozenset[str] = frozenset()    # admin1 codes of states of the article's country it names
    own_units: frozenset[str] = frozenset()  # admin codes of the units it can itself be
    largest_cities: frozenset[str] = frozenset()  # ids of provinces' largest cities named alike
    own_code: str = ""                      # the country it votes for itself
    own_vote: float = 0.0
    others_total: float = 1.0

    @property
    def world_city(self) -> bool:
        return self.largest_city >= w.WORLD_CITY

    def shielded(self, candidate: Candidate) -> bool:
        """A country's own name outweighs a small town's: "China" is not China, Texas,
        however American the article; only a type word or a qualifier moves it. And
        "Mexico" is the country, not the State of Mexico inside it."""
        place = candidate.place
        return self.shielding_country and (
            place.feature_type in ("city", "admin2") and (place.population < w.WORLD_CITY or not candidate.is_preferred)
            or place.feature_type == "admin1" and place.country_code in self.country_codes)

    def minor(self, place: Place) -> bool:
        """A small namesake beside a world city ("London, Ohio" beside London) or beside a
        state of the article's country ("California, Maryland" beside California)."""
        return place.feature_type in ("city", "admin2") and (
            self.world_city and place.population < self.largest_city / w.WORLD_CITY_NAMESAKE_SHARE
            or bool(self.states) and place.admin1_code not in self.states and place.population < w.STATE_NAMESAKE)


def name_facts(group: Group, ranked: list, article: ArticleContext, container: Place | None) -> NameFacts:
    """The facts the context rules read, from the name's prior-ranked candidates."""
    candidates = [s.candidate for s in ranked]
    # One pass over the candidates for every fact (this runs for each name of the text).
    states, country_codes, own_units = set(), set(), set()
    largest, shielding = 0, False
    main_country = article.main_country
    for c in candidates:
        place = c.place
        kind = place.feature_type
        if kind == "city":
            if c.is_preferred and place.population > largest:
                largest = place.population
        elif kind == "admin1" or kind == "admin2":
            own_units.add(place.admin2_code or place.admin1_code)
            if kind == "admin1" and c.is_preferred and place.country_code == main_country:
                states.add(place.admin1_code)
        elif kind == "country":
            country_codes.add(place.country_code)
        if not shielding and c.is_preferred and kind in BROAD_TYPES:
            shielding = True
    states = frozenset(states)
    code, vote = own_weight(group, ranked)
    return NameFacts(
        group=group, qualifiers=article.qualifiers, article=article, container=container,
        candidates=len(ranked), shielding_country=shielding, country_codes=frozenset(country_codes),
        largest_city=largest, states=states, own_units=frozenset(own_units),
        largest_cities=_largest_cities(group, candidates, states, article),
        own_code=code, own_vote=vote, others_total=(article.total - vote) or 1.0,
    )


def _largest_cities(group: Group, candidates: list[Candidate], states: frozenset[str],
                    article: ArticleContext) -> frozenset[str]:
    if type_agrees(group.type_hint, "admin1") or group.qualifier:
        return frozenset()
    largest = article.qualifiers.gazetteer.largest_city_population
    return frozenset(
        c.place.id for c in candidates
        if c.place.feature_type == "city" and c.place.admin1_code in states
        and c.place.population >= w.LARGEST_CITY_POPULATION
        and fuzz.ratio(group.key, fold(c.place.name)) >= w.LARGEST_CITY_SPELLING   # "Mykolaiv" is Mykolayiv
        and c.place.population >= largest(c.place.admin1_code))


# --- priors: a candidate on its own -------------------------------------------------

def importance(candidate: Candidate, facts: NameFacts) -> Evidence:
    """How prominent the place is, times how far its name match is trusted: "Kabul" is
    first the capital of four million people, not a hamlet of that name; a match
    through a fuzzy spelling counts a little less ("Kandahr" may be Kandahar, but a
    place really called Kandahr comes first).

    (The spelling penalty was a rule of its own, ``spelling_variant``: it moved no
    answer on either dev corpus, and it is a part of how far the match is trusted.)"""
    place = candidate.place
    if place.population:
        reason = f"population {place.population:,}"
    elif place.feature_type in BROAD_TYPES:
        reason = f"a {place.feature_type.replace('_', ' ')}"
    else:
        reason = ""
    value = candidate.importance * strength_factor(candidate)
    if candidate.is_variant:
        value += w.SPELLING_VARIANT
        reason = "; ".join(filter(None, (reason, f"spelling variant of {candidate.matched_name}")))
    return Evidence("importance", value, reason)


def type_word_fits(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """The text's type word fits the place, or does not: "the Panjshir Valley" is the
    valley, not a village called Panjshir; "Ghor province" is less likely the town.

    (Once two rules, ``type_word_agrees`` and ``type_word_disagrees``: the second moved
    no dev figure on its own, and both read the same word.)"""
    hint = facts.group.type_hint
    if not hint:
        return None
    if type_agrees(hint, candidate.place.feature_type):
        return Evidence("type_word_fits", w.TYPE_WORD_AGREES, f"the text calls it a {facts.group.type_hint_words}")
    return Evidence("type_word_fits", w.TYPE_WORD_DISAGREES)


def qualifier(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """The place lies in a unit of the name the text gives with it: "Paris, Texas" is
    a Paris in Texas (any unit called Texas will do, until the qualifier itself is
    resolved: see ``qualifier_container``)."""
    if not facts.group.qualifier or not facts.qualifiers.qualifies(facts.group.qualifier, candidate.place):
        return None
    return Evidence("qualifier", w.QUALIFIER, QUALIFIED_REASON)


def qualifier_container(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """Once the qualifier is resolved, only what lies inside the unit the article means
    keeps the qualifier's bonus: in "Dover, Kent County, Delaware", a Dover near some
    other Kent loses it, and a Dover inside this Kent County gains it."""
    if facts.container is None or not facts.group.qualifier:
        return None
    holds = inside(candidate.place, facts.container)
    if holds == facts.qualifiers.qualifies(facts.group.qualifier, candidate.place):
        return None
    if holds:
        return Evidence("qualifier_container", w.QUALIFIER, QUALIFIED_REASON)
    return Evidence("qualifier_container", -w.QUALIFIER, withdraws="qualifier")


# --- the article around the name ----------------------------------------------------------

def largest_city(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A province named after its largest city means, said alone in a story from its
    country, the city: "Kherson", "Mykolaiv"; "Balkh", whose largest city is
    Mazar-i-Sharif, stays the province."""
    if candidate.place.id not in facts.largest_cities:
        return None
    return Evidence("largest_city", w.LARGEST_CITY, "the largest city of the province of that name")


def focus(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A place in the country the article's other names are in: "Kandahar" in a story
    full of Afghan places is the Afghan city. A name does not vote for itself."""
    place = candidate.place
    if facts.candidates < 2 or facts.shielded(candidate) or facts.minor(place):
        return None
    article = facts.article
    weight = article.weights.get(place.country_code, 0.0) - (facts.own_vote if place.country_code == facts.own_code
                                                              else 0.0)
    share = max(0.0, weight) / facts.others_total
    if not share:
        return None
    reason = f"in the article's main country ({place.country_code})" if share >= w.FOCUS_REASON_SHARE else ""
    return Evidence("focus", w.FOCUS * share, reason)


def national_capital(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A country's capital, in an article with other names in that country: in a story
    of Russian diplomats leaving the United States, filed from London, "Washington" is
    the U.S. capital, not Washington in Tyne and Wear: a capital is better known than
    its city's population says. A world city needs no such help (and "London, a Canadian
    city" must stay in Ontario). Not where the text says what the name is ("Washington
    state", "Washington, Utah"), nor for a name that says where another is ("Tacoma,
    Washington" names the state)."""
    place = candidate.place
    if facts.candidates < 2 or place.feature_type != "city" or place.population >= w.WORLD_CITY \
            or facts.group.qualifier or facts.group.type_hint or facts.shielded(candidate) \
            or facts.group.key in facts.article.qualifying:
        return None
    article = facts.article
    weight = article.weights.get(place.country_code, 0.0) - (facts.own_vote if place.country_code == facts.own_code
                                                              else 0.0)
    gazetteer = article.qualifiers.gazetteer
    if weight <= 0 or gazetteer.national_capital_id(place.country_code) != place.id:
        return None
    country = gazetteer.country(place.country_code)
    return Evidence("national_capital", w.NATIONAL_CAPITAL, f"the capital of {country.name if country else 'its country'}")


# What no county or state holds as a town: a country, a state or a county itself (built
# once here, not for every candidate).
_NOT_IN_A_COUNTY = BROAD_TYPES + ("admin1", "admin2")
_NOT_IN_A_STATE = BROAD_TYPES + ("admin1",)


def _named_unit(place: Place, code: str, facts: NameFacts) -> tuple[str, str] | None:
    if code in facts.own_units:
        return None    # "Oklahoma" after "Kingfisher County," is the state, not a town inside it
    unit = facts.article.named_regions.get(code)
    return unit if unit and unit[0] != facts.group.key else None


def named_county(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A town in a county the article names: beside "Kent County", "Dover" is the Dover
    there."""
    place = candidate.place
    if facts.shielded(candidate) or place.feature_type in _NOT_IN_A_COUNTY:
        return None
    unit = _named_unit(place, place.admin2_code, facts)
    return Evidence("named_county", w.NAMED_COUNTY, unit[1]) if unit else None


def named_region(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A place in a state or province the article names (unless a named county already
    counts): beside "Michigan", "Lansing" is Lansing, Michigan."""
    place = candidate.place
    if facts.shielded(candidate) or place.feature_type in _NOT_IN_A_STATE or facts.minor(place):
        return None
    unit = _named_unit(place, place.admin1_code, facts)
    return Evidence("named_region", w.NAMED_REGION, unit[1]) if unit else None


def local_cluster(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A town in the state where the article's other towns are: in a story about
    Worcester, Lowell and Springfield, "Springfield" is Springfield, Massachusetts. It
    holds against a world city's fame ("Dublin" beside Columbus and Marysville is
    Dublin, Ohio), but not against a country's name nor the name of a state of the
    article's country ("Oklahoma" beside Tulsa is the state; "Moscow" beside Boise and
    Nampa is Moscow, Idaho, a Russian subject's name though it is), nor where the text
    says where the place is ("Chester, England")."""
    place = candidate.place
    if facts.candidates < 2 or facts.shielded(candidate) or facts.states or facts.group.qualifier \
            or place.feature_type not in ("city", "admin2"):
        return None
    clusters, key = facts.article.clusters, facts.group.key
    for code in (place.admin2_code, place.admin1_code):
        names = clusters.get(code)
        # Counted without building the set of the others: this runs for every namesake.
        others = len(names) - (key in names) if names else 0
        if others >= w.LOCAL_CLUSTER_NAMES:
            where = place.admin1_name or "the same state"
            return Evidence("local_cluster", w.LOCAL_CLUSTER,
                            f"in {where}, like {others} other places the article names")
    return None


def near_anchor(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A place near another the article is sure of: beside Kabul, "Bagram" is the one
    50 km away."""
    place = candidate.place
    if facts.candidates < 2 or facts.shielded(candidate) or place.feature_type in BROAD_TYPES \
            or facts.minor(place):
        return None
    near = nearest_anchor(place, facts.article.anchors, facts.group.key)
    return Evidence("near_anchor", w.NEAR_ANCHOR, f"{near[1]:.0f} km from {near[0]}") if near else None


def described_area(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """The phrase after the name says where the place is: in "Springfield, 200 miles
    southwest of Chicago" the Springfield inside the area that description stands for
    (Springfield, Illinois) is preferred to its namesakes, and the reason says how far
    from Chicago it is."""
    if facts.candidates < 2 or facts.article is None:
        return None
    description = facts.article.described.get(group_id(facts.group))
    fit = inside_fit(description, candidate.place) if description is not None else None
    if fit is None:
        return None
    return Evidence("described_area", w.DESCRIBED_AREA, fit.reason)


def dateline_city(candidate: Candidate, facts: NameFacts) -> Evidence | None:
    """A story is filed from a town, not from the province of that name: after
    "MENDOZA, Argentina (AP) —" the story's Mendoza is the city."""
    if candidate.place.feature_type != "city" or not has_namesakes_and_dateline(facts):
        return None
    return Evidence("dateline_city", w.DATELINE_CITY, "the story is filed from there")


# --- what a rule needs of the name: checked once per name, not once per candidate ----

def always(facts: NameFacts) -> bool:
    """Every name: the rule reads each candidate."""
    return True


def has_type_word(facts: NameFacts) -> bool:
    """The text gives the name a type word ("the Panjshir Valley")."""
    return bool(facts.group.type_hint)


def has_qualifier(facts: NameFacts) -> bool:
    """The text gives the name a qualifier ("Paris, Texas")."""
    return bool(facts.group.qualifier)


def has_resolved_qualifier(facts: NameFacts) -> bool:
    """The name's qualifier is resolved to a unit ("Dover, Kent County")."""
    return facts.container is not None and bool(facts.group.qualifier)


def has_largest_cities(facts: NameFacts) -> bool:
    """Some candidate is a province's largest city named alike ("Kherson")."""
    return bool(facts.largest_cities)


def has_namesakes_and_country_weights(facts: NameFacts) -> bool:
    """The name has namesakes and the article's names weigh some country."""
    return facts.candidates >= 2 and bool(facts.article.weights)


def has_named_units(facts: NameFacts) -> bool:
    """The article names a state, province or county."""
    return bool(facts.article.named_regions)


def has_namesakes_and_anchors(facts: NameFacts) -> bool:
    """The name has namesakes and the article is sure of some other place."""
    return facts.candidates >= 2 and facts.article.anchors.others_than(facts.group.key)


def has_namesakes_and_clusters(facts: NameFacts) -> bool:
    """The name has namesakes, no qualifier and no state of the article's country among
    them, and the article's names cluster in some state or county."""
    return facts.candidates >= 2 and not facts.states and not facts.group.qualifier and bool(facts.article.clusters)


def has_namesakes_and_dateline(facts: NameFacts) -> bool:
    """The name opens the story's dateline, and a province or county shares it with a
    town; a country's name stays the country ("MEXICO (Reuters) —")."""
    return facts.candidates >= 2 and bool(facts.own_units) and not facts.country_codes \
        and facts.article is not None and group_id(facts.group) in facts.article.datelines


def has_namesakes_and_description(facts: NameFacts) -> bool:
    """The name has namesakes and the phrase after it describes an area."""
    return facts.candidates >= 2 and facts.article is not None and group_id(facts.group) in facts.article.described


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule; ``instead_of`` names rules it yields to (it applies only when they
    gave the candidate nothing). ``needs`` is the part of its condition that reads only
    the name's facts: where it does not hold the rule gives none of the name's
    candidates anything, so it is not run for them (a name with one candidate never
    asks where the article's sure places are). The rule's own function checks the same,
    so it reads whole on its own."""

    name: str
    apply: Callable[[Candidate, NameFacts], Evidence | None]
    instead_of: tuple[str, ...] = ()
    needs: Callable[[NameFacts], bool] = always

    @property
    def doc(self) -> str:
        return " ".join((self.apply.__doc__ or "").split())


PRIOR_RULES = (
    Rule("importance", importance),
    Rule("type_word_fits", type_word_fits, needs=has_type_word),
    Rule("qualifier", qualifier, needs=has_qualifier),
)
CONTEXT_RULES = (
    Rule("qualifier_container", qualifier_container, needs=has_resolved_qualifier),
    # Before the article-wide rules: its reason is the one a reader should see first.
    Rule("described_area", described_area, needs=has_namesakes_and_description),
    Rule("dateline_city", dateline_city, needs=has_namesakes_and_dateline),
    Rule("largest_city", largest_city, needs=has_largest_cities),
    Rule("focus", focus, needs=has_namesakes_and_country_weights),
    Rule("national_capital", national_capital, needs=has_namesakes_and_country_weights),
    Rule("named_county", named_county, needs=has_named_units),
    Rule("named_region", named_region, instead_of=("named_county",), needs=has_named_units),
    Rule("near_anchor", near_anchor, needs=has_namesakes_and_anchors),
    Rule("local_cluster", local_cluster, needs=has_namesakes_and_clusters),
)


@dataclass(frozen=True, slots=True)
class Decision:
    """A rule that changes what is chosen rather than a score (see ``geo.resolution.resolver``)."""

    name: str
    doc: str


DECISIONS = (
    Decision("no_town_for_feature_word",
             'A name the text calls a pass, tunnel, river, lake, sea or island is no town: "the Periyar river" '
             "is listed unresolved rather than put at a village called Periyar."),
    Decision("pin_in_container",
             'A name whose container the text makes sure of, with no namesake inside it, is pinned at the '
             'container: "Stockholm, a town in Kingfisher County" is put at Kingfisher County, not in Sweden.'),
    Decision("world_city_beats_misread_state",
             "A world city is in the gazetteer: a state the text names that does not hold it was misread "
             '("Tbilisi is the capital of Georgia" beside "Columbus, Georgia"), so it is not pinned there.'),
)

RULE_NAMES = tuple(r.name for r in PRIOR_RULES + CONTEXT_RULES) + tuple(d.name for d in DECISIONS)


def rules_for(rules: tuple[Rule, ...], facts: NameFacts, without: frozenset[str]) -> tuple[Rule, ...]:
    """The rules that are switched on and may give one of the name's candidates
    something (their ``needs`` hold), in rule order: chosen once per name."""
    return tuple(rule for rule in rules if rule.name not in without and rule.needs(facts))


def evaluate_rules(rules: tuple[Rule, ...], candidate: Candidate, facts: NameFacts) -> tuple[Evidence, ...]:
    """The evidence ``rules`` (from :func:`rules_for`) give one candidate, in rule order."""
    found: list[Evidence] = []
    for rule in rules:
        if rule.instead_of and any(e.rule in rule.instead_of for e in found):
            continue
        evidence = rule.apply(candidate, facts)
        if evidence is not None:
            found.append(evidence)
    return tuple(found)
