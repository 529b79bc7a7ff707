"""Resolution: choose, for each group of mentions, the place it refers to.

The stages: score every candidate on its own (the prior rules), read the article from
those priors (its countries, focus, named units and sure places), then resolve each
name, its qualifier first, with the context rules; each choice carries its evidence.
"""

from __future__ import annotations

import dataclasses

from gazetteer.fold import split_generic
from gazetteer.kinds import BROAD_TYPES, type_agrees
from gazetteer.model import Candidate, Place
from gazetteer.store import Gazetteer
from geo.model import Alternative, Focus
from geo.resolution import weights as w
from geo.resolution.article import ArticleContext, Priors, anchors, described_groups, find_focus, group_id, \
    dateline_groups, local_clusters, named_regions
from geo.resolution.containers import FALLBACK_CONTAINERS, Qualifiers, container_of, inside, pinned_place, \
    unlike_a_unit
from geo.resolution.evidence import CHOSEN, NO_ENTRY, NO_SUCH_FEATURE, ONLY_CANDIDATE, PINNED, PINNED_NO_ENTRY, \
    Choice, Scored
from geo.resolution.groups import Group
from geo.resolution.rules import CONTEXT_RULES, PRIOR_RULES, NameFacts, evaluate_rules, name_facts, rules_for
from geo.spatial import DrawnAreas

# Type words that no town answers to: "the Periyar river" is no town called Periyar.
# ("Hills", "Valley" and "Heights" name suburbs too: "St. Louis Hills".)
PHYSICAL_HINTS = frozenset({"pass", "tunnel", "river", "lake", "sea", "island"})


def _candidates(group: Group) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for item in group.items:
        for candidate in item.candidates[:w.MAX_CANDIDATES]:
            seen.setdefault(candidate.place.id, candidate)
    return list(seen.values())


def _ranked(items: list[Scored]) -> list[Scored]:
    return sorted(items, key=lambda s: (-s.score, s.place.id))


def resolve_groups(groups: list[Group], gazetteer: Gazetteer, *, extra_weights: dict[str, float] | None = None,
                   without: frozenset[str] = frozenset(), text: str = "",
                   drawn: DrawnAreas | None = None) -> tuple[list[Choice], Focus]:
    """Choose a place for each group. ``extra_weights`` adds country evidence that is
    not a place name (demonyms: "Australian" makes an article more Australian);
    ``without`` names rules to switch off; ``text``, the article the groups' offsets
    index, lets a name be placed by the phrase that describes it ("Springfield, 200
    miles southwest of Chicago"); the areas those phrases stand for go into ``drawn``, for
    the spatial stage of the same parse."""
    qualifiers = Qualifiers(gazetteer)
    priors: Priors = []
    for group in groups:
        facts = NameFacts(group, qualifiers)
        rules = rules_for(PRIOR_RULES, facts, without)
        priors.append((group, _ranked([Scored.of(c, evaluate_rules(rules, c, facts)) for c in _candidates(group)])))
    weights, focus = find_focus(priors, gazetteer, extra_weights or {})
    article = ArticleContext(weights, sum(weights.values()) or 1.0, named_regions(priors), anchors(priors),
                             qualifiers, focus.country_code, local_clusters(priors),
                             datelines=dateline_groups(groups, text),
                             qualifying=frozenset(group.qualifier for group in groups if group.qualifier))
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
            container, sure = _container(index, group, by_key, containers)
            choice, rescored = _choose(group, ranked, article, container, may_pin=sure, without=without)
            choices[index] = choice
            containers[index] = container_of(group, rescored)
    if text and "described_area" not in without:
        _choose_again_where_described(priors, choices, by_key, containers, article, text, without, drawn)
    chosen = [choices[index] for index in range(len(priors))]
    return chosen, dataclasses.replace(focus, place_name=focus_place_name(chosen, focus.country_code))


def focus_place_name(choices: list[Choice], country_code: str) -> str:
    """The place the reader is told the article is mostly about: of the places chosen
    in the focus country, the one with the most mentions (the first named, on a tie).
    Read from the choices, not the priors, so a story about Paris, Texas is about
    Paris, whose prior alone is in France.

    >>> from geo.resolution.groups import Group
    >>> from geo.recognition import Recognized
    >>> def chosen(name, n, code):
    ...     items = tuple(Recognized(i, i + 1, name, name.lower()) for i in range(n))
    ...     return Choice(Group(name.lower(), "", "", items), Place("x:" + name, name, "city", code, 0, 0), 1.0,
    ...                   (), False)
    >>> focus_place_name([chosen("Deport", 1, "US"), chosen("Paris", 3, "US"), chosen("Lyon", 5, "FR")], "US")
    'Paris'
    """
    # A place may be chosen for several groups ("Paris" and "Paris, Texas"): counted as one.
    items_of: dict[str, list] = {}
    for choice in choices:
        place = choice.place
        if place is None or choice.group.embedded or place.country_code != country_code \
                or place.feature_type in BROAD_TYPES:
            continue
        items_of.setdefault(place.id, []).extend(choice.group.items)
    if not items_of:
        return ""
    items = max(items_of.values(), key=lambda found: (len(found), -min(item.start for item in found)))
    items = sorted(items, key=lambda item: item.start)
    # The name as the text writes it, not a dateline's capitals ("PARIS, Texas —").
    return next((item.text for item in items if not item.text.isupper()), items[0].text.title())


def _container(index: int, group: Group, by_key: dict[str, int],
               containers: dict[int, tuple[Place | None, bool]]) -> tuple[Place | None, bool]:
    """The container the group's qualifier stands for (resolved first), and whether it is sure."""
    outer = by_key.get(group.qualifier) if group.qualifier else None
    return containers.get(outer, (None, False)) if outer is not None and outer != index else (None, False)


def _choose_again_where_described(priors: Priors, choices: dict[int, Choice], by_key: dict[str, int],
                                  containers: dict[int, tuple[Place | None, bool]], article: ArticleContext,
                                  text: str, without: frozenset[str], drawn: DrawnAreas | None) -> None:
    """A name the phrase after it describes ("Portland, 100 miles north of Boston") is
    chosen again, once every other name has its place: the description is measured
    from those places (Boston, Massachusetts, which only the whole article makes sure)."""
    described = described_groups([(group, choices[index].place, len(ranked) > 1)
                                  for index, (group, ranked) in enumerate(priors)], text, article.main_country,
                                 drawn=drawn)
    if not described:
        return
    article = dataclasses.replace(article, described=described)
    for index, (group, ranked) in enumerate(priors):
        if group_id(group) not in described or group.embedded:
            continue
        container, sure = _container(index, group, by_key, containers)
        choices[index], _ = _choose(group, ranked, article, container, may_pin=sure, without=without)


def _alternatives(scored: list[Scored]) -> tuple[Alternative, ...]:
    return tuple(Alternative(s.place, round(s.score, 3)) for s in scored)


def _choose(group: Group, ranked: list[Scored], article: ArticleContext, container: Place | None, *,
            may_pin: bool, without: frozenset[str]) -> tuple[Choice, list[Scored]]:
    """The group's choice, and its candidates as ranked. With ``may_pin``, a name whose
    container is known but holds none of its namesakes is pinned at the container."""
    may_pin = may_pin and container is not None and container.feature_type in FALLBACK_CONTAINERS \
        and "pin_in_container" not in without
    if "no_town_for_feature_word" not in without and group.type_hint in PHYSICAL_HINTS \
            and not split_generic(group.key)[1] \
            and not any(type_agrees(group.type_hint, s.place.feature_type) for s in ranked):
        # A district or a river named alike may stand for it ("River Medway" -> Medway);
        # a name that holds the word itself is a place's whole name ("Safety Bay").
        ranked = [s for s in ranked if s.place.feature_type != "city"]
        if not ranked and not may_pin:
            return Choice(group, None, 0.0, (), False, NO_SUCH_FEATURE), []
    if not ranked:
        if may_pin:
            return Choice(group, pinned_place(group, container), w.WITHIN_SCORE, (), False, PINNED_NO_ENTRY,
                          container=container), []
        return Choice(group, None, 0.0, (), False, NO_ENTRY), []
    facts = name_facts(group, ranked, article, container)
    rules = rules_for(CONTEXT_RULES, facts, without)
    # With no context rule to apply the priors stand as they are, scored and ranked
    # alike: many names of a short article have one candidate and nothing more.
    rescored = _ranked([Scored.of(s.candidate, s.evidence + evaluate_rules(rules, s.candidate, facts))
                        for s in ranked]) if rules else list(ranked)
    best = rescored[0]
    misread = container is not None and container.feature_type == "admin1" \
        and best.place.population >= w.WORLD_CITY and "world_city_beats_misread_state" not in without
    if may_pin and unlike_a_unit(ranked) and not misread and not any(inside(s.place, container) for s in rescored):
        # The text says where the place is and no namesake the gazetteer knows lies there:
        # the gazetteer lacks it. Its container is a better pin than a namesake far away.
        return Choice(group, pinned_place(group, container), w.WITHIN_SCORE,
                      _alternatives(rescored[:w.ALTERNATIVES_KEPT]), False, PINNED, container=container), rescored
    outcome = ONLY_CANDIDATE if len(rescored) == 1 else CHOSEN
    return Choice(group, best.place, round(best.score, 3), _alternatives(rescored[1:1 + w.ALTERNATIVES_KEPT]),
                  best.candidate.is_variant, outcome, best.evidence), rescored
