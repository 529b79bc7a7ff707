"""What the whole article says, read from every name's priors: the weight of each
country, the article's focus, the units it names and the places it is sure of."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from gazetteer.distance import haversine_km_from
from gazetteer.kinds import BROAD_TYPES
from gazetteer.model import Place
from gazetteer.store import Gazetteer
from geo.model import Focus
from geo.resolution import weights as w
from geo.resolution.containers import Qualifiers
from geo.resolution.evidence import Scored
from geo.resolution.groups import Group
from geo.spatial.derive import DrawnAreas
from geo.spatial.evidence import areas_describing
from geo.spatial.model import Anchor, DerivedPlace

Priors = list[tuple[Group, list[Scored]]]


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What the whole article says, shared by every choice."""

    weights: Counter                             # country code -> weight of the names there
    total: float
    named_regions: dict[str, tuple[str, str]]    # admin code -> (the naming group's key, reason)
    anchors: SurePlaces
    qualifiers: Qualifiers
    main_country: str
    clusters: dict[str, frozenset[str]] = field(default_factory=dict)   # admin code -> names likely there
    described: dict[tuple[str, str, str], DerivedPlace] = field(default_factory=dict)   # group_id -> its area
    datelines: frozenset[tuple[str, str, str]] = frozenset()   # group_ids of the places stories are filed from
    qualifying: frozenset[str] = frozenset()   # keys of names that qualify another ("Tacoma, Washington")


def group_id(group: Group) -> tuple[str, str, str]:
    """What tells one group of names from another in the article's tables."""
    return (group.key, group.type_hint, group.qualifier)


# What follows a dateline's place: a comma and a name, a parenthesis or a dash
# ("MENDOZA, Argentina (AP) —", "LIMA (AP) —", "OSLO — ").
# A hyphen counts only after a space: "MEXICO-US BORDER REOPENS" is a headline.
_DATELINE_AFTER = re.compile(r"[ \t]*,[ \t]*[A-Z]|[ \t]*\(|[ \t]*[—–]|[ \t]+-")


def dateline_groups(groups: list[Group], text: str) -> frozenset[tuple[str, str, str]]:
    """The names a story was filed from: written in capitals first on their line, before
    a comma and a name, a parenthesis or a dash.

    >>> from geo.recognition import Recognized
    >>> text = "OSLO, Norway (AP) — Snow fell. In OSLO, Norway, it was cold."
    >>> oslo = Group("oslo", "", "norway", (Recognized(0, 4, "OSLO", "oslo"),))
    >>> later = Group("oslo", "", "", (Recognized(34, 38, "OSLO", "oslo"),))
    >>> [g.key for g in (oslo, later) if group_id(g) in dateline_groups([oslo, later], text)]
    ['oslo']
    """
    found = set()
    for group in groups:
        for item in group.items:
            if item.text.isupper() and _DATELINE_AFTER.match(text, item.end) and _opens_line(text, item.start):
                found.add(group_id(group))
                break
    return frozenset(found)


def _opens_line(text: str, start: int) -> bool:
    """Only blanks between the line's start and ``start`` (read back over the blanks
    alone, so a long line costs nothing)."""
    i = start
    while i and text[i - 1] in " \t\r\ufeff":
        i -= 1
    return i == 0 or text[i - 1] == "\n"


def margin(ranked: list[Scored]) -> float:
    """How far a name's top candidate leads the next."""
    return ranked[0].score - (ranked[1].score if len(ranked) > 1 else 0.0)


def own_weight(group: Group, ranked: list[Scored]) -> tuple[str, float]:
    """What one name adds to the article's country weights (its top candidate's country).
    A place inside an organisation's name adds nothing, unless the organisation works
    there ("the University of Idaho", "the Illinois Department of Public Health")."""
    if not ranked or group.embedded and not group.affiliated:
        return "", 0.0
    top = ranked[0]
    if group.qualifier and not top.has("qualifier"):
        # "Stockholm, a town in Kingfisher County": its best-known namesake is not where
        # the text puts it, so it says nothing about the article's country.
        return "", 0.0
    if top.place.feature_type == "continent" or not top.place.country_code:
        return "", 0.0
    return top.place.country_code, len(group.items) * min(1.0, w.FOCUS_VOTE_BASE + margin(ranked))


def find_focus(priors: Priors, gazetteer: Gazetteer, extra_weights: dict[str, float]) -> tuple[Counter, Focus]:
    """The article's country weights, and its focus: the heaviest country, and in it
    the heaviest place."""
    weights: Counter = Counter(extra_weights)
    place_weights: Counter = Counter()
    names: dict[str, str] = {}
    for group, ranked in priors:
        code, weight = own_weight(group, ranked)
        if not code:
            continue
        top = ranked[0]
        weights[code] += weight
        if top.place.feature_type not in BROAD_TYPES and not group.embedded:
            place_weights[top.place.id] += weight
            names[top.place.id] = group.items[0].text
    if not weights:
        return weights, Focus()
    code, _ = weights.most_common(1)[0]
    country = gazetteer.country(code)
    top_country = {ranked[0].place.id: ranked[0].place.country_code for _, ranked in priors if ranked}
    place_name = ""
    in_country = [(weight, pid) for pid, weight in place_weights.items()
                  if names.get(pid) and top_country.get(pid) == code]
    if in_country:
        place_name = names[max(in_country)[1]]
    return weights, Focus(code, country.name if country else code, place_name)


def named_regions(priors: Priors) -> dict[str, tuple[str, str]]:
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
        top = ranked[0].place
        if top.feature_type in ("admin1", "admin2"):
            unit = top
        else:
            units = [s.place for s in ranked[:3] if s.candidate.is_preferred
                     and s.score >= w.CONTAINER_RUNNER_UP * ranked[0].score
                     and s.place.feature_type in ("admin1", "admin2")]
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


@dataclass(frozen=True, slots=True)
class SurePlaces:
    """The places the article is sure of and their groups' keys, most-mentioned first,
    with their latitudes in order: a candidate looks only at those within NEAR_KM of
    its latitude, not at every one.

    >>> sure = SurePlaces.of([(Place("a", "A", "city", "AF", 34.5, 69.2), "a"), (Place("b", "B", "city", "FR", 48.9, 2.4), "b")])
    >>> sure.near_latitude(35.0)
    (0,)
    """

    places: tuple[tuple[Place, str], ...]
    lats: tuple[float, ...] = ()            # the places' latitudes, sorted
    by_lat: tuple[int, ...] = ()            # indexes into places, in the order of lats
    trig: tuple[tuple[float, float], ...] = ()   # each place's latitude in radians and its cosine
    keys: frozenset[str] = frozenset()

    @classmethod
    def of(cls, places: list[tuple[Place, str]]) -> SurePlaces:
        by_lat = sorted(range(len(places)), key=lambda index: places[index][0].lat)
        return cls(tuple(places), tuple(places[index][0].lat for index in by_lat), tuple(by_lat),
                   tuple(_trig(place.lat) for place, _ in places), frozenset(key for _, key in places))

    def others_than(self, key: str) -> bool:
        """Whether some sure place belongs to another name than ``key``."""
        return len(self.keys) > (key in self.keys)

    def near_latitude(self, lat: float) -> tuple[int, ...]:
        """Indexes, in latitude order, of the places whose latitude may be within
        NEAR_KM of ``lat`` (a hair more: the caller applies the exact test)."""
        reach = _NEAR_DEGREES + 1e-6
        low = bisect.bisect_left(self.lats, lat - reach)
        high = bisect.bisect_right(self.lats, lat + reach)
        return self.by_lat[low:high]


# NEAR_KM as degrees of latitude, for a cheap test before the distance.
_NEAR_DEGREES = w.NEAR_KM / 111.0


def _trig(lat: float) -> tuple[float, float]:
    phi = math.radians(lat)
    return phi, math.cos(phi)


def anchors(priors: Priors) -> SurePlaces:
    """Places the article is sure of: clear winners that are not whole countries."""
    scored = []
    for group, ranked in priors:
        if not ranked or group.embedded:
            continue
        if margin(ranked) >= w.ANCHOR_MARGIN and ranked[0].place.feature_type not in BROAD_TYPES:
            scored.append((len(group.items), ranked[0].place, group.key))
    scored.sort(key=lambda item: -item[0])
    return SurePlaces.of([(place, key) for _, place, key in scored[:w.MAX_ANCHORS]])


def local_clusters(priors: Priors) -> dict[str, frozenset[str]]:
    """For each state or county (GeoNames admin1 or admin2 code), the names of the
    article with a likely place there: its best candidate, or one of its first few
    scoring near the best, unless the best is a world city (a "Dublin" is Dublin,
    Ireland, and says nothing of Ohio). An article about Worcester, Lowell and
    Springfield has all three in Massachusetts."""
    found: dict[str, set[str]] = {}
    for group, ranked in priors:
        if not ranked or group.embedded:
            continue
        best = ranked[0].score
        first = 1 if ranked[0].place.population >= w.WORLD_CITY else w.LOCAL_CLUSTER_FIRST
        for scored in ranked[:first]:
            place = scored.place
            if scored.score < w.LOCAL_CLUSTER_NEAR_TOP * best or place.feature_type in BROAD_TYPES:
                continue
            for code in (place.admin1_code, place.admin2_code):
                if code:
                    found.setdefault(code, set()).add(group.key)
    return {code: frozenset(keys) for code, keys in found.items() if len(keys) >= w.LOCAL_CLUSTER_NAMES}


def nearest_anchor(place: Place, sure: SurePlaces, own_key: str) -> tuple[str, float] | None:
    """The nearest sure place within NEAR_KM (not the name itself), and its distance;
    of equally near ones, the first."""
    best, best_index, best_distance = None, 0, 0.0
    phi, cos = _trig(place.lat)     # once per candidate, not once per sure place
    # Read in latitude order, not sorted back into the places' order for each candidate:
    # a tie goes to the lower index instead.
    for index in sure.near_latitude(place.lat):
        anchor, key = sure.places[index]
        if key == own_key or anchor.id == place.id:
            continue
        if abs(place.lat - anchor.lat) > _NEAR_DEGREES:   # cheap reject before the distance
            continue
        distance = haversine_km_from(phi, cos, place.lon, *sure.trig[index], anchor.lon)
        if distance <= w.NEAR_KM and (best is None or distance < best_distance
                                      or distance == best_distance and index < best_index):
            best, best_index, best_distance = anchor, index, distance
    return (best.name, best_distance) if best is not None else None


def described_groups(chosen: list[tuple[Group, Place | None, bool]], text: str, focus_code: str, *,
                     drawn: DrawnAreas | None = None) -> dict[tuple[str, str, str], DerivedPlace]:
    """The names the phrase right after them describes ("the Panjshir Valley, 70 miles
    north of Kabul"), each with the area that phrase stands for, measured from the
    places chosen for the other names (``chosen``: each group, its place, and whether
    it has namesakes to choose between). Only namesakes can gain from it, so only the
    places just after one are read as anchors: a text of thousands of names pays for
    the few that are ambiguous and described."""
    if not text:
        return {}
    names: list[tuple[int, int, str]] = []
    ids: dict[str, tuple[str, str, str]] = {}
    reach: list[int] = []     # ends of the ambiguous names, in text order
    for index, (group, _, ambiguous) in enumerate(chosen):
        if group.embedded:
            continue
        key = f"group:{index}"
        ids[key] = group_id(group)
        names.extend((item.start, item.end, key) for item in group.items)
        if ambiguous:
            reach.extend(item.end for item in group.items)
    if not reach:
        return {}
    reach.sort()
    placed: list[Anchor] = []
    for index, (group, place, _) in enumerate(chosen):
        if group.embedded or place is None:
            continue
        for item in group.items:
            before = bisect.bisect_left(reach, item.start) - 1
            if before >= 0 and item.start - reach[before] <= w.DESCRIBED_REACH:
                placed.append(Anchor(f"group:{index}", item.text, item.start, item.end, place))
    found = areas_describing(text, names, placed, focus_code=focus_code, drawn=drawn)
    return {ids[key]: area for key, area in found.items()}
