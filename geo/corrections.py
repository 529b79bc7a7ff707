"""A user's corrections applied to a parse result.

A correction names a name of the article (folded, so "the Salang Tunnel" and "Salang
tunnel" are one) and either the place it really is or ``None`` for "not a place". It
applies to every mention of that name in the article, wherever the engine had put it
(a resolved place, the unresolved list).

>>> Correction("kabul", None).not_a_place
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from gazetteer.fold import fold
from gazetteer.model import Place
from geo.model import Alternative, Mention, ParseResult, ResolvedPlace

CORRECTED_REASON = "chosen by the user"


@dataclass(frozen=True, slots=True)
class Correction:
    """The user's decision for one name: ``place_id`` or ``None`` (not a place)."""

    name_key: str
    place_id: str | None = None

    @property
    def not_a_place(self) -> bool:
        return self.place_id is None


def name_key(name: str) -> str:
    """The key a correction is stored under: the folded name.

    >>> name_key("The Salang Tunnel") == name_key("Salang tunnel")
    True
    """
    return fold(name) or name.strip().lower()


def apply_corrections(result: ParseResult, corrections: Iterable[Correction],
                      get_place: Callable[[str], Place | None]) -> ParseResult:
    """``result`` with each correction applied to every mention of its name.

    ``get_place`` looks a place id up (``Gazetteer.get``); a correction whose place
    no longer exists is ignored rather than losing the mentions.
    """
    decisions: dict[str, Place | None] = {}
    for correction in corrections:
        if correction.not_a_place:
            decisions[correction.name_key] = None
        else:
            place = get_place(correction.place_id)
            if place is not None:
                decisions[correction.name_key] = place
    if not decisions:
        return result

    moved: dict[str, list[Mention]] = {}          # name key -> mentions taken from the engine's groups
    previous: dict[str, list[ResolvedPlace]] = {}  # name key -> the groups they came from

    def strip(group: tuple[ResolvedPlace, ...]) -> list[ResolvedPlace]:
        kept = []
        for rp in group:
            keep = []
            for m in rp.mentions:
                key = name_key(m.text)
                if key in decisions:
                    moved.setdefault(key, []).append(m)
                    if rp not in previous.setdefault(key, []):
                        previous[key].append(rp)
                else:
                    keep.append(m)
            if keep:
                kept.append(rp if len(keep) == len(rp.mentions) else replace(rp, mentions=tuple(keep)))
        return kept

    places = strip(result.places)
    unresolved = strip(result.unresolved)

    by_key = {rp.key: i for i, rp in enumerate(places)}
    for key, mentions in moved.items():
        place = decisions[key]
        if place is None:
            continue
        # What the engine had chose, and its runner-ups, stay visible as alternatives.
        alternatives: list[Alternative] = []
        for rp in previous.get(key, []):
            if rp.place is not None and rp.place.id != place.id:
                alternatives.append(Alternative(rp.place, rp.score))
            alternatives.extend(a for a in rp.alternatives if a.place.id != place.id)
        if place.id in by_key:
            existing = places[by_key[place.id]]
            merged = tuple(sorted(existing.mentions + tuple(mentions), key=lambda m: m.start))
            places[by_key[place.id]] = replace(existing, mentions=merged, corrected=True, reason=CORRECTED_REASON,
                                                 confidence=1.0)
        else:
            ordered = tuple(sorted(mentions, key=lambda m: m.start))
            places.append(ResolvedPlace(
                key=place.id, name=ordered[0].text, place=place, mentions=ordered, score=1.0,
                reason=CORRECTED_REASON, alternatives=_unique(alternatives), corrected=True, confidence=1.0,
            ))
            by_key[place.id] = len(places) - 1

    places.sort(key=lambda rp: rp.first_start)
    unresolved.sort(key=lambda rp: rp.first_start)
    return replace(result, places=tuple(places), unresolved=tuple(unresolved))


def not_a_place_names(result: ParseResult, corrections: Iterable[Correction]) -> list[str]:
    """The names the user marked "not a place" that occur in ``result``'s text, as written."""
    keys = {c.name_key for c in corrections if c.not_a_place}
    seen: dict[str, str] = {}
    for group in (result.places, result.unresolved):
        for rp in group:
            for m in rp.mentions:
                key = name_key(m.text)
                if key in keys:
                    seen.setdefault(key, m.text)
    return [seen.get(k, k) for k in sorted(keys)]


def _unique(alternatives: list[Alternative]) -> tuple[Alternative, ...]:
    seen: set[str] = set()
    out = []
    for a in alternatives:
        if a.place.id not in seen:
            seen.add(a.place.id)
            out.append(a)
    return tuple(out)
