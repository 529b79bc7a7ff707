"""The engine: text in, places with their mentions and passages out.

recognise -> group -> look up candidates -> rank -> resolve -> derive the described places,
each stage in its module.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

from gazetteer.fold import fold
from gazetteer.store import Gazetteer
from geo.collector import collector_paused
from geo.confidence import probability
from geo.limits import Limits, current_limits
from geo.model import Mention, ParseResult, Passage, ResolvedPlace
from geo.offsets import normalize_with_map, restore_given
from geo.passages import passage_index_at, split_passages
from geo.recognition import RULE_NAMES as RECOGNITION_RULES
from geo.recognition import Recognized, read_given_spans, recognize
from geo.resolution import RULE_NAMES as RESOLUTION_RULES
from geo.resolution import Choice, group_mentions, resolve_groups
from geo.spatial import DrawnAreas, derive_places

# Every rule that can be switched off by name.
RULE_NAMES = (*RECOGNITION_RULES, *RESOLUTION_RULES)

Progress = Callable[[float, str], None]


def parse(
    text: str, gazetteer: Gazetteer, *, given_spans: Sequence[tuple[int, int]] | None = None,
    caption_spans: Sequence[tuple[int, int]] = (), without: Iterable[str] = frozenset(),
    limits: Limits | None = None, progress: Progress | None = None,
) -> ParseResult:
    """Geoparse ``text``.

    ``given_spans`` skips recognition: exactly those (start, end) spans are resolved,
    for users with a recogniser of their own. ``without`` names rules to switch off
    (``RULE_NAMES``), to measure what each contributes. Offsets index ``text`` as
    given. An article naming more possible places than ``limits.max_mentions`` is read
    up to there (``ParseResult.unread_from``), so its cost is bounded before it is
    spent. ``progress(fraction, label)``, when given, hears each stage as it starts.

    >>> from gazetteer import open_gazetteer
    >>> result = parse("Fighting reached Kabul.", open_gazetteer())
    >>> result.places[0].place.name                                
    'Kabul'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    # A parse leaves no reference cycle: the collector's searches for them during it
    # only cost time (geo.collector).
    with collector_paused():
        return _parse_as_given(text, gazetteer, given_spans=given_spans, caption_spans=caption_spans,
                               without=without, limits=limits, progress=progress)


def _parse_as_given(text: str, gazetteer: Gazetteer, *, given_spans: Sequence[tuple[int, int]] | None,
                    caption_spans: Sequence[tuple[int, int]], without: Iterable[str], limits: Limits | None,
                    progress: Progress | None) -> ParseResult:
    max_mentions = (limits or current_limits()).max_mentions
    if given_spans is not None:
        # A user's spans index the text exactly as given: it is read as it is, and never
        # cut before the last of them (their number is capped where they are read).
        cut = mention_limit_cut(text, max_mentions)
        if cut is not None and given_spans:
            cut = max(cut, max(end for _start, end in given_spans))
            cut = None if cut >= len(text) else cut
        result = _parse(text[:cut] if cut is not None else text, gazetteer, given_spans=given_spans,
                        caption_spans=caption_spans, without=without, progress=progress)
        return dataclasses.replace(result, text=text, unread_from=cut)
    # The engine reads the normalised text; every offset it reports is moved back onto
    # the text as given, here, so each export of each path indexes what it was handed.
    # Caption spans come from HTML, whose text is normalised as it is extracted, so
    # they index both texts alike.
    normalised, offsets = normalize_with_map(text)
    cut = mention_limit_cut(normalised, max_mentions)
    if cut is not None:
        normalised = normalised[:cut]
    result = restore_given(_parse(normalised, gazetteer, caption_spans=caption_spans, without=without,
                                  progress=progress), text, offsets)
    if cut is not None:
        result = dataclasses.replace(result, unread_from=offsets.to_given(cut, cut)[0])
    return result


# A word that may start a place name: any letter but a lower-case ASCII one (an upper
# bound on recognition's capitalised and caseless words, found without building them).
_POSSIBLE_NAME = re.compile(r"\b[^\W\d_a-z]")


def mention_limit_cut(text: str, max_mentions: int) -> int | None:
    """The offset of the first possible place name past ``max_mentions``, or None.

    >>> mention_limit_cut("Kabul Herat Paris", 2)
    12
    >>> mention_limit_cut("Kabul Herat", 2) is None
    True
    """
    if len(text) <= max_mentions:
        return None     # each possible name starts at a character of its own: too few to pass the limit
    # Skipped in C (islice), not counted in a Python loop: this runs over every article.
    match = next(islice(_POSSIBLE_NAME.finditer(text), max_mentions, None), None)
    return None if match is None else match.start()


def _quiet(_fraction: float, _label: str) -> None:
    pass


def _parse(text: str, gazetteer: Gazetteer, *, given_spans: Sequence[tuple[int, int]] | None = None,
           caption_spans: Sequence[tuple[int, int]], without: Iterable[str] = frozenset(),
           progress: Progress | None = None) -> ParseResult:
    progress = progress or _quiet
    progress(0.02, "Splitting the passages")
    passages = split_passages(text, caption_spans=caption_spans)
    without = frozenset(without)
    progress(0.1, "Recognising the place names")
    recognized = recognize(text, gazetteer, without=without)
    progress(0.6, "Choosing among the candidates")
    wanted = None
    if given_spans is not None:
        # The given spans are what is resolved and reported, but the places the engine
        # recognises around them still give the article its focus and its anchors.
        given = read_given_spans(text, given_spans, gazetteer, recognized)
        wanted = {(item.start, item.end) for item in given}
        recognized = given + [r for r in recognized
                              if not any(r.start < g.end and g.start < r.end for g in given)]
    demonym_weights = Counter(r.demonym.target for r in recognized
                              if r.kind == "demonym" and r.demonym and r.demonym.target_kind == "country")
    # The areas the resolver draws for described names, which the spatial stage reuses.
    drawn = DrawnAreas()
    choices, focus = resolve_groups(group_mentions(recognized), gazetteer,
                                    extra_weights={code: 0.5 * n for code, n in demonym_weights.items()},
                                    without=without, text=text, drawn=drawn)
    if wanted is not None:
        choices = _only(choices, wanted)
        recognized = [r for r in recognized if (r.start, r.end) in wanted]
    progress(0.9, "Linking the mentions to their passages")
    places, unresolved = _places([c for c in choices if not c.group.embedded], passages)
    embedded, _ = _places([c for c in choices if c.group.embedded], passages, kind="embedded")
    demonyms = _demonyms(recognized, passages, gazetteer)
    result = ParseResult(text=text, passages=passages, places=places, unresolved=unresolved,
                         demonyms=demonyms, focus=focus, embedded=embedded)
    return dataclasses.replace(result, derived=derive_places(result, gazetteer, drawn=drawn))


def _only(choices: list[Choice], wanted: set[tuple[int, int]]) -> list[Choice]:
    """Choices restricted to the mentions at the wanted spans."""
    kept = []
    for choice in choices:
        items = tuple(item for item in choice.group.items if (item.start, item.end) in wanted)
        if items:
            kept.append(dataclasses.replace(choice, group=dataclasses.replace(choice.group, items=items)))
    return kept


def _mentions(items: Sequence[Recognized], passages: tuple[Passage, ...], kind: str) -> tuple[Mention, ...]:
    return tuple(
        Mention(item.start, item.end, item.text, passage_index_at(passages, item.start), kind)
        for item in sorted(items, key=lambda r: r.start)
    )


def _common_name(items: Sequence[Recognized]) -> str:
    """The name as the article writes it most often; a dateline's capitals ("GILGIT")
    only when there is no other form."""
    first = items[0].text
    if all(item.text == first for item in items):
        return first    # most names are written one way: no Counter for each of thousands of places
    counts = Counter(item.text for item in items)
    return max(counts, key=lambda text: (counts[text] + (0.5 if not text.isupper() else 0), -len(text)))


def _places(choices: list[Choice], passages: tuple[Passage, ...], *,
            kind: str = "toponym") -> tuple[tuple[ResolvedPlace, ...], tuple[ResolvedPlace, ...]]:
    by_place: dict[str, list[Choice]] = {}
    unresolved = []
    for choice in choices:
        if choice.place is None:
            name = _common_name(choice.group.items)
            unresolved.append(ResolvedPlace(key=f"unresolved:{fold(name)}", name=name, place=None,
                                            mentions=_mentions(choice.group.items, passages, kind),
                                            reason=choice.reason))
        else:
            by_place.setdefault(choice.place.id, []).append(choice)
    places = []
    for place_id, group_choices in by_place.items():
        items = [item for choice in group_choices for item in choice.group.items]
        best = max(group_choices, key=lambda c: c.score)
        alternatives = tuple(a for a in best.alternatives if a.place.id != place_id)
        places.append(ResolvedPlace(
            key=place_id if kind == "toponym" else f"{kind}:{place_id}", name=_common_name(items), place=best.place,
            mentions=_mentions(items, passages, kind), score=best.score, reason=best.reason, evidence=best.evidence,
            alternatives=alternatives, variant=all(c.variant for c in group_choices),
            confidence=probability(best.score, alternatives, best.place.feature_type),
        ))
    places.sort(key=lambda rp: rp.first_start)
    unresolved.sort(key=lambda rp: rp.first_start)
    return tuple(places), tuple(unresolved)


def _demonyms(recognized: list[Recognized], passages: tuple[Passage, ...], gazetteer: Gazetteer) -> tuple[ResolvedPlace, ...]:
    groups: dict[str, list[Recognized]] = {}
    for item in recognized:
        if item.kind == "demonym" and item.demonym is not None:
            groups.setdefault(f"{item.demonym.target_kind}:{item.demonym.target}", []).append(item)
    result = []
    for key, items in groups.items():
        demonym = items[0].demonym
        if demonym.target_kind == "country":
            place = gazetteer.country(demonym.target)
        elif demonym.target_kind == "historical":
            place = gazetteer.get(f"hist:{demonym.target}")
        else:
            place = gazetteer.get(f"cur:{demonym.target}")
        result.append(ResolvedPlace(
            key=f"demonym:{key}", name=_common_name(items), place=place,
            mentions=_mentions(items, passages, "demonym"), score=1.0 if place else 0.0,
            reason=f"demonym of {place.name}" if place else "demonym of a place the gazetteer lacks",
        ))
    result.sort(key=lambda rp: rp.first_start)
    return tuple(result)
