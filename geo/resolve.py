"""Resolution: choose, for each recognised name, the place it refers to.

The stages are visible: group the mentions (one sense per name per article), score
every candidate on its own merits (importance, kind of name, type word, qualifier),
find the article's geographic focus from the confident choices, then score again
with the focus and the distance to the article's other places. Each choice keeps its
score, its runners-up and a short reason.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from gazetteer.fold import fold, split_generic
from gazetteer.kinds import BROAD_TYPES, CONTAINER_TYPES, strength_factor, type_agrees
from gazetteer.model import FEATURE_TYPES, Candidate, Place
from gazetteer.store import Gazetteer
from geo.model import WITHIN_PREFIX, Alternative, Focus
from geo.recognize import Recognized

MAX_CANDIDATES = 30
FOCUS_WEIGHT = 0.5
REGION_WEIGHT = 0.35
COUNTY_WEIGHT = 0.5
MAX_ANCHORS = 40
NEAR_KM = 350.0
ALTERNATIVES_KEPT = 3
HINT_WORDS = {"admin1": "province or state", "admin2": "district or county", "mountains": "mountain range"}
QUALIFIER_BONUS = 0.7
WORLD_CITY = 1_000_000
STATE_NAMESAKE = 100_000
CAPITAL_BONUS = 0.25
# Type words that no town answers to: "the Periyar river" is no town called Periyar.
# ("Hills", "Valley" and "Heights" name suburbs too: "St. Louis Hills".)
PHYSICAL_HINTS = frozenset({"pass", "tunnel", "river", "lake", "sea", "island"})
QUALIFIED_REASON = "named with its region or country"
# Units a qualifier can stand for, for a strict "inside" test; and those small enough
# that their point is a fair pin for a place inside them that the gazetteer lacks.
FALLBACK_CONTAINERS = ("admin1", "admin2")
COUNTY_RADIUS_KM = 60.0
STATE_RADIUS_KM = 400.0
WITHIN_SCORE = 0.3


@dataclass(frozen=True, slots=True)
class Group:
    """Mentions that share a name, a type word and a qualifier."""

    key: str
    type_hint: str
    qualifier: str
    items: tuple[Recognized, ...]
    embedded: bool = False    # only inside organisations' names: no vote in the focus

    @property
    def affiliated(self) -> bool:
        """Leads an agency's name ("Illinois Department of ..."): the body works there."""
        return any(item.affiliated for item in self.items)


@dataclass(frozen=True, slots=True)
class Choice:
    group: Group
    place: Place | None
    score: float
    reason: str
    alternatives: tuple[Alternative, ...]
    variant: bool


def group_mentions(recognized: list[Recognized]) -> list[Group]:
    groups: dict[tuple[str, str, str, bool], list[Recognized]] = defaultdict(list)
    for item in recognized:
        if item.kind in ("toponym", "embedded"):
            groups[(item.key, item.type_hint, item.qualifier, item.kind == "embedded")].append(item)
    # A bare mention takes the qualifier its name had earlier in the article: after
    # "Paris, Texas", a later "Paris" is still in Texas. A qualified mention that comes
    # only after the bare ones names another place ("Chester ... named after Chester,
    # England"), so it does not reach back.
    qualified: dict[tuple[str, str], tuple[str, int]] = {}
    for (key, hint, q, _), items in groups.items():
        if q:
            first = min(item.start for item in items)
            if (key, hint) not in qualified or first < qualified[(key, hint)][1]:
                qualified[(key, hint)] = (q, first)
    merged: dict[tuple[str, str, str, bool], list[Recognized]] = defaultdict(list)
    for (key, hint, qualifier, embedded), items in groups.items():
        if not qualifier and (key, hint) in qualified:
            inherited, since = qualified[(key, hint)]
            if since < min(item.start for item in items):
                qualifier = inherited
        merged[(key, hint, qualifier, embedded)].extend(items)
    return [Group(k, h, q, tuple(sorted(items, key=lambda r: r.start)), e)
            for (k, h, q, e), items in merged.items()]


def _distance_km(a: Place, b: Place) -> float:
    # Equirectangular is plenty for "near or far" and far cheaper than geodesic.
    mean_lat = math.radians((a.lat + b.lat) / 2)
    dx = math.radians(b.lon - a.lon) * math.cos(mean_lat)
    dy = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(dx, dy)


class _Scorer:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._qualifier_cache: dict[str, list[Candidate]] = {}
        self._qualifies_cache: dict[tuple[str, str], bool] = {}

    def qualifier_places(self, key: str) -> list[Candidate]:
        if key not in self._qualifier_cache:
            self._qualifier_cache[key] = self.gazetteer.lookup(key)[:MAX_CANDIDATES]
        return self._qualifier_cache[key]

    def prior(self, group: Group, candidate: Candidate) -> tuple[float, list[str]]:
        reasons: list[str] = []
        score = candidate.importance * strength_factor(candidate)
        place = candidate.place
        if place.population:
            reasons.append(f"population {place.population:,}")
        elif place.feature_type in BROAD_TYPES:
            reasons.append(f"a {place.feature_type.replace('_', ' ')}")
        if candidate.is_variant:
            score -= 0.1
            reasons.append(f"spelling variant of {candidate.matched_name}")
        if group.type_hint:
            if type_agrees(group.type_hint, place.feature_type):
                score += 0.4
                reasons.append(f"the text calls it a {HINT_WORDS.get(group.type_hint, group.type_hint)}")
            else:
                score -= 0.15
        if group.qualifier and self.qualifies(group.qualifier, place):
            score += QUALIFIER_BONUS
            reasons.append(QUALIFIED_REASON)
        return score, reasons

    def qualifies(self, qualifier: str, place: Place) -> bool:
        key = (qualifier, place.id)
        if key not in self._qualifies_cache:
            self._qualifies_cache[key] = self._qualifies(qualifier, place)
        return self._qualifies_cache[key]

    def _qualifies(self, qualifier: str, place: Place) -> bool:
        for other in self.qualifier_places(qualifier):
            container = other.place
            if container.id == place.id:
                continue
            if container.feature_type == "country" and container.country_code == place.country_code:
                return True
            if container.feature_type == "admin1" and place.admin1_code and container.admin1_code == place.admin1_code:
                return True
            if container.feature_type in ("historical_country", "region", "admin2") and _distance_km(container, place) < 300:
                return True
        return False


def _candidates(group: Group) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for item in group.items:
        for candidate in item.candidates[:MAX_CANDIDATES]:
            seen.setdefault(candidate.place.id, candidate)
    return list(seen.values())


def _own_weight(group: Group, ranked) -> tuple[str, float]:
    """What one name adds to the article's country weights (its top candidate's country)."""
    if not ranked or group.embedded:
        return "", 0.0
    top = ranked[0]
    if group.qualifier and QUALIFIED_REASON not in top[2]:
        # "Stockholm, a town in Kingfisher County": its best-known namesake is not where
        # the text puts it, so it says nothing about the article's country.
        return "", 0.0
    if top[1].place.feature_type == "continent" or not top[1].place.country_code:
        return "", 0.0
    margin = top[0] - (ranked[1][0] if len(ranked) > 1 else 0.0)
    return top[1].place.country_code, len(group.items) * min(1.0, 0.3 + margin)


def _focus(priors: list[tuple[Group, list[tuple[float, Candidate, list[str]]]]], gazetteer: Gazetteer,
           extra_weights: dict[str, float]) -> tuple[Counter, Focus]:
    weights: Counter = Counter(extra_weights)
    place_weights: Counter = Counter()
    names: dict[str, str] = {}
    for group, ranked in priors:
        code, weight = _own_weight(group, ranked)
        if not code:
            continue
        top = ranked[0]
        weights[code] += weight
        if top[1].place.feature_type not in BROAD_TYPES and not group.embedded:
            place_weights[top[1].place.id] += weight
            names[top[1].place.id] = group.items[0].text
    if not weights:
        return weights, Focus()
    code, _ = weights.most_common(1)[0]
    country = gazetteer.country(code)
    top_country = {ranked[0][1].place.id: ranked[0][1].place.country_code for _, ranked in priors if ranked}
    place_name = ""
    in_country = [(w, pid) for pid, w in place_weights.items() if names.get(pid) and top_country.get(pid) == code]
    if in_country:
        place_name = names[max(in_country)[1]]
    return weights, Focus(code, country.name if country else code, place_name)


def resolve_groups(groups: list[Group], gazetteer: Gazetteer, *,
                   extra_weights: dict[str, float] | None = None) -> tuple[list[Choice], Focus]:
    """Choose a place for each group. ``extra_weights`` adds country evidence that is
    not a place name (demonyms: "Australian" makes an article more Australian)."""
    scorer = _Scorer(gazetteer)
    priors = []
    for group in groups:
        ranked = []
        for candidate in _candidates(group):
            score, reasons = scorer.prior(group, candidate)
            ranked.append((score, candidate, reasons))
        ranked.sort(key=lambda item: (-item[0], item[1].place.id))
        priors.append((group, ranked))
    weights, focus = _focus(priors, gazetteer, extra_weights or {})
    context = _Context(weights, sum(weights.values()) or 1.0, _named_regions(priors), _anchors(priors), scorer,
                       focus.country_code)
    # A qualifier is resolved before the names it qualifies, so that "Dover, a town in
    # Kent County, Delaware" looks for Dover inside the Kent County the article means.
    by_key: dict[str, int] = {}
    for index, (group, _) in enumerate(priors):
        if not group.embedded:
            by_key.setdefault(group.key, index)
    choices: dict[int, Choice] = {}
    containers: dict[int, tuple[Place | None, bool]] = {}
    for first in range(len(priors)):
        chain: list[int] = []
        walked: set[int] = set()
        index: int | None = first
        while index is not None and index not in choices and index not in walked:
            chain.append(index)
            walked.add(index)
            qualifier = priors[index][0].qualifier
            index = by_key.get(qualifier) if qualifier else None
        for index in reversed(chain):
            group, ranked = priors[index]
            outer = by_key.get(group.qualifier) if group.qualifier else None
            container, sure = containers.get(outer, (None, False)) if outer != index else (None, False)
            choice, rescored = _choose(group, ranked, context, container, may_pin=sure)
            choices[index] = choice
            containers[index] = _container(group, rescored)
    return [choices[index] for index in range(len(priors))], focus


@dataclass(frozen=True, slots=True)
class _Context:
    """What the whole article says, shared by every choice."""

    weights: Counter
    total: float
    named_regions: dict[str, tuple[str, str]]
    anchors: list[tuple[Place, str]]
    scorer: _Scorer
    main_country: str


def _choose(group: Group, ranked, context: _Context, container: Place | None, *,
            may_pin: bool) -> tuple[Choice, list]:
    """The group's choice, and its candidates as ranked. With ``may_pin``, a name whose
    container is known but holds none of its namesakes is pinned at the container."""
    may_pin = may_pin and container is not None and container.feature_type in FALLBACK_CONTAINERS
    if group.type_hint in PHYSICAL_HINTS and not split_generic(group.key)[1] \
            and not any(type_agrees(group.type_hint, c.place.feature_type) for _, c, _ in ranked):
        # "the Periyar river" is no town called Periyar, but a district or a river named
        # alike may stand for it ("River Medway" -> Medway). A name that holds the word
        # itself is a place's whole name ("Safety Bay" is a suburb).
        ranked = [item for item in ranked if item[1].place.feature_type != "city"]
        if not ranked and not may_pin:
            hint = HINT_WORDS.get(group.type_hint, group.type_hint)
            return Choice(group, None, 0.0, f"the text calls it a {hint}; the gazetteer has no {hint} of that name",
                          (), False), []
    if not ranked:
        if may_pin:
            return _placed_within(group, container, (), "no gazetteer entry matches this name"), []
        return Choice(group, None, 0.0, "no gazetteer entry matches this name", (), False), []
    rescored = _rescore(group, ranked, context, container)
    best_score, best, reasons = rescored[0]
    alternatives = tuple(Alternative(c.place, round(s, 3)) for s, c, _ in rescored[1:1 + ALTERNATIVES_KEPT])
    # A world city is in the gazetteer: if a state the text names does not hold it, the
    # state was misread ("Tbilisi is the capital of Georgia" beside "Columbus, Georgia").
    # A county is never misread so: "Stockholm, a town in Kingfisher County" is pinned.
    misread = container is not None and container.feature_type == "admin1" and best.place.population >= WORLD_CITY
    if may_pin and _unlike_a_unit(ranked) and not misread \
            and not any(_inside(c.place, container) for _, c, _ in rescored):
        # The text says where the place is and no namesake the gazetteer knows lies there:
        # the gazetteer lacks it. Its container is a better pin than a namesake far away.
        alternatives = tuple(Alternative(c.place, round(s, 3)) for s, c, _ in rescored[:ALTERNATIVES_KEPT])
        why = f"the gazetteer has no {group.items[0].text} in {container.name}"
        return _placed_within(group, container, alternatives, why), rescored
    if len(rescored) == 1:
        reason = "; ".join(["the only candidate"] + reasons[:3])
    else:
        reason = "; ".join(reasons[:3]) or "the likeliest place of that name"
    return Choice(group, best.place, round(best_score, 3), reason, alternatives, best.is_variant), rescored


def _rescore(group: Group, ranked, context: _Context, container: Place | None) -> list:
    """The candidates scored again with what the article says around the name."""
    # A country's own name outweighs a small town's: "China" is not China, Texas, however
    # American the article. Only a type word or a qualifier can move such a name.
    has_country = any(c.place.feature_type in BROAD_TYPES and c.is_preferred for _, c, _ in ranked)
    # "Mexico" the country, not the State of Mexico inside it, unless the text says "state".
    country_codes = {c.place.country_code for _, c, _ in ranked if c.place.feature_type == "country"}
    # A world city's name likewise: "London" in an article about Ohio is still London,
    # England, unless the text qualifies it ("London, Ohio") or names its county.
    largest = max((c.place.population for _, c, _ in ranked if c.is_preferred and c.place.feature_type == "city"),
                  default=0)
    world_city = largest >= WORLD_CITY
    # And a state's or province's of the article's country: "California" in a story from
    # Maryland is the state, not California, Maryland, unless the text says so or names
    # its county. (A region of Ghana called Savannah does not stand for Savannah, Georgia.)
    states = {c.place.admin1_code for _, c, _ in ranked if c.is_preferred and c.place.feature_type == "admin1"
              and c.place.country_code == context.main_country}
    # "Oklahoma" after "Kingfisher County," is the state, not a city inside the state
    # that the county names: a name that can be the unit gets no bonus for lying in it.
    own_units = {c.place.admin2_code or c.place.admin1_code for _, c, _ in ranked
                 if c.place.feature_type in ("admin1", "admin2")}
    # "Kherson", "Mykolaiv", "Kandahar" in a story from their country: a province named
    # after its largest city is, said alone, that city; "Balkh", whose largest city is
    # Mazar-i-Sharif, stays the province.
    capitals = set() if type_agrees(group.type_hint, "admin1") or group.qualifier else {
        c.place.id for _, c, _ in ranked
        if c.place.feature_type == "city" and c.place.admin1_code in states and c.place.population >= 50_000
        and fuzz.ratio(group.key, fold(c.place.name)) >= 85   # "Mykolaiv" is Mykolayiv; "Oklahoma" no city
        and c.place.population >= context.scorer.gazetteer.largest_city_population(c.place.admin1_code)}
    rescored = []
    # A name may not vote for itself: "Georgia" alone does not make Georgia the focus.
    own_code, own_weight = _own_weight(group, ranked)
    others_total = (context.total - own_weight) or 1.0
    for score, candidate, reasons in ranked:
        place = candidate.place
        reasons = list(reasons)
        if container is not None:
            # The prior gave the qualifier's bonus to anything near any place of that name;
            # now that the article's own container is known, only what lies inside it keeps it.
            inside = _inside(place, container)
            if inside != context.scorer.qualifies(group.qualifier, place):
                score += QUALIFIER_BONUS if inside else -QUALIFIER_BONUS
                if inside:
                    reasons.append(QUALIFIED_REASON)
                else:
                    reasons.remove(QUALIFIED_REASON)
        if place.id in capitals:
            score += CAPITAL_BONUS
            reasons.append("the largest city of the province of that name")
        weight = context.weights.get(place.country_code, 0.0) - (own_weight if place.country_code == own_code else 0.0)
        share = max(0.0, weight) / others_total
        if has_country and (place.feature_type in ("city", "admin2")
                            and (place.population < 1_000_000 or not candidate.is_preferred)
                            or place.feature_type == "admin1" and place.country_code in country_codes):
            rescored.append((score, candidate, reasons))
            continue
        minor = place.feature_type in ("city", "admin2") and (
            world_city and place.population < largest / 10
            or states and place.admin1_code not in states and place.population < STATE_NAMESAKE)
        if share and len(ranked) > 1 and not minor:
            score += FOCUS_WEIGHT * share
            if share >= 0.3:
                reasons.append(f"in the article's main country ({place.country_code})")
        county = context.named_regions.get(place.admin2_code) if place.admin2_code not in own_units else None
        region = context.named_regions.get(place.admin1_code) if place.admin1_code not in own_units else None
        if county and county[0] != group.key and place.feature_type not in BROAD_TYPES + ("admin1", "admin2"):
            score += COUNTY_WEIGHT
            reasons.append(county[1])
        elif region and region[0] != group.key and place.feature_type not in BROAD_TYPES + ("admin1",) \
                and not minor:
            score += REGION_WEIGHT
            reasons.append(region[1])
        near = _nearest_anchor(place, context.anchors, group.key)
        if near is not None and len(ranked) > 1 and place.feature_type not in BROAD_TYPES and not minor:
            score += 0.25
            reasons.append(f"{near[1]:.0f} km from {near[0]}")
        rescored.append((score, candidate, reasons))
    rescored.sort(key=lambda item: (-item[0], item[1].place.id))
    return rescored


def _container(group: Group, rescored) -> tuple[Place | None, bool]:
    """The unit a resolved qualifier stands for, and whether the text makes it sure
    enough to pin places the gazetteer lacks there. "New York" first means the city,
    but as the qualifier in "Troy, New York" it is the state, which holds the city."""
    if not rescored:
        return None, False
    top_score, top, _ = rescored[0]
    if top.place.feature_type in CONTAINER_TYPES:
        # "Kingfisher County" or "Kent County, Delaware" say they are a county, and
        # "Kent" is that county's full name; a bare "Granville" may be Granville County
        # by the gazetteer's ranking alone.
        sure = top.place.feature_type == "admin1" or bool(group.qualifier) or group.type_hint == "admin2" \
            or fold(top.matched_name) == fold(top.place.name)   # "Kent" is Kent's own name
        return top.place, sure
    for score, candidate, _ in rescored[1:3]:
        unit = candidate.place
        if unit.feature_type in CONTAINER_TYPES and candidate.is_preferred and score >= 0.8 * top_score \
                and _inside(top.place, unit):
            return unit, False
    return None, False


def _inside(place: Place, container: Place) -> bool:
    if place.id == container.id:
        return False
    if container.feature_type == "country":
        return place.country_code == container.country_code
    if container.feature_type == "admin1":
        if place.admin1_code:
            return place.admin1_code == container.admin1_code
        # Curated features carry no province code: "the Salang Tunnel in Parwan" is inside
        # if it is in the country and within reach of the province's point.
        return place.country_code == container.country_code and _distance_km(place, container) < STATE_RADIUS_KM
    if place.admin2_code:
        return place.admin2_code == container.admin2_code
    # Curated features carry no county code: near the county's point will do.
    return place.country_code == container.country_code and _distance_km(place, container) < COUNTY_RADIUS_KM


def _unlike_a_unit(ranked) -> bool:
    """A name that is itself first a country or a state is never "inside" the next
    name: "Ohio, Texas" is two states, not Ohio in Texas. "Stockholm, a town in
    Kingfisher County" may be, though a Swedish county is called Stockholm too."""
    return ranked[0][1].place.feature_type not in BROAD_TYPES + ("admin1", "admin2")


def _placed_within(group: Group, container: Place, alternatives: tuple[Alternative, ...], why: str) -> Choice:
    """A place the gazetteer lacks, pinned at the unit the text says contains it."""
    # The name as the text writes it, not a dateline's capitals ("QUILLBARROW, Okla.").
    name = next((item.text for item in group.items if not item.text.isupper()), group.items[0].text.title())
    place = Place(
        id=f"{WITHIN_PREFIX}{container.id}:{group.key}", name=name,
        feature_type=group.type_hint if group.type_hint in FEATURE_TYPES else "other",
        country_code=container.country_code, lat=container.lat, lon=container.lon,
        admin1_code=container.admin1_code, admin1_name=container.admin1_name,
        source=f"the point of {container.name}: {container.source or 'gazetteer'}",
        admin2_code=container.admin2_code,
    )
    return Choice(group, place, WITHIN_SCORE, f"{why}; pinned at {container.name}, where the text places it",
                  alternatives, False)


def _named_regions(priors) -> dict[str, tuple[str, str]]:
    """Units the article names ("Michigan", "Clark County"), by GeoNames admin1 or
    admin2 code -> (the group's key, the reason a place inside it gets). A town in a
    state or county the article names is far likelier than its namesakes elsewhere."""
    regions: dict[str, tuple[str, str]] = {}
    qualifier_keys = {group.qualifier for group, _ in priors if group.qualifier}
    for group, ranked in priors:
        if not ranked or group.embedded and not group.affiliated:
            continue
        # The name's top choice when it is a unit; a unit leading an agency's name counts
        # too (the "Illinois Department of Public Health" works in Illinois), but not one
        # in a newspaper's or a brand's ("The Texas Tribune", "Kentucky Fried Chicken").
        # "New York" first means the city, but after "Cattaraugus County," it names the
        # state: a unit among the runners-up counts only when the name stands as a
        # qualifier of another place.
        top = ranked[0][1].place
        if top.feature_type in ("admin1", "admin2"):
            unit = top
        else:
            units = [c.place for score, c, _ in ranked[:3] if c.is_preferred and score >= 0.8 * ranked[0][0]
                     and c.place.feature_type in ("admin1", "admin2")]
            if not units or group.key not in qualifier_keys or group.embedded:
                continue
            unit = units[0]
        if unit.feature_type == "admin1" and unit.admin1_code:
            regions.setdefault(unit.admin1_code, (group.key, f"in {unit.name}, which the article names"))
        elif unit.feature_type == "admin2" and unit.admin1_code:
            regions.setdefault(unit.admin1_code, (group.key, f"in {unit.admin1_name or unit.name}, like {unit.name}, "
                                                             "which the article names"))
            if unit.admin2_code:   # the county itself: its towns are likelier still
                regions.setdefault(unit.admin2_code, (group.key, f"in {unit.name}, which the article names"))
    return regions


def _anchors(priors) -> list[tuple[Place, str]]:
    """Places the article is sure of: clear winners that are not whole countries."""
    scored = []
    for group, ranked in priors:
        if not ranked or group.embedded:
            continue
        top = ranked[0]
        margin = top[0] - (ranked[1][0] if len(ranked) > 1 else 0.0)
        if margin >= 0.15 and top[1].place.feature_type not in BROAD_TYPES:
            scored.append((len(group.items), top[1].place, group.key))
    scored.sort(key=lambda item: -item[0])
    return [(place, key) for _, place, key in scored[:MAX_ANCHORS]]


def _nearest_anchor(place: Place, anchors, own_key: str) -> tuple[str, float] | None:
    best = None
    for anchor, key in anchors:
        if key == own_key or anchor.id == place.id:
            continue
        if abs(place.lat - anchor.lat) > NEAR_KM / 111.0:   # cheap reject before the distance
            continue
        distance = _distance_km(place, anchor)
        if distance <= NEAR_KM and (best is None or distance < best[1]):
            best = (anchor.name, distance)
    return best
