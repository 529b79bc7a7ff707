"""Anchors the description itself settles, beyond what name resolution chose.

Two cases, both read with the gazetteer once the article's places are known:

- a name right before "border" names an area: in "the Ontario-Quebec border" Quebec is
  the province, though on its own the resolver may take the city;
- a name the engine did not find in "between Ames and Huxley" (a small town) is looked
  up in the gazetteer and, of its namesakes, the one nearest the other anchor is taken
  when it lies within ``BETWEEN_PARTNER_KM``; otherwise the anchor is kept without a
  place and the reason says why.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from gazetteer.distance import haversine_km
from gazetteer.store import Gazetteer
from geo.spatial.model import Anchor
from geo.spatial.states import border_code
from geo.spatial.tables import BETWEEN_PARTNER_KM

# Used with match(text, pos), so no \A (which matches only at the text's start).
_BORDER_AFTER = re.compile(r"(?:\s*[-\u2013/]\s*[A-Z][\w.' ]{0,30}?)?\s+(?:border|frontier)s?\b")
_BORDER_BEFORE = re.compile(r"\b(?:border|frontier)s?\s+(?:with|between|and)\s+(?:the\s+)?\Z|[-\u2013/]\s*\Z")
_AREA_TYPES = frozenset({"admin1", "country", "historical_country"})

_NAME = r"[A-Z][\w'.-]*(?:[ ][A-Z][\w'.-]*){0,3}"
# The word boundary checked behind "between": a pattern that opens with a literal is
# searched for it, not tried at every position of the text (geo.spatial.derive's _STAND_INS).
_BETWEEN_PAIR = re.compile(rf"between(?<=\bbetween)[ ]+(?:the[ ]+)?(?P<a>{_NAME})[ ]+and[ ]+(?:the[ ]+)?(?P<b>{_NAME})")


def border_sides(text: str, anchors: Sequence[Anchor], gazetteer: Gazetteer) -> list[Anchor]:
    """The anchors, with a town right before "border" replaced by the state, province
    or country of the same name in its country, when the gazetteer has one."""
    if "border" not in text and "frontier" not in text:
        return list(anchors)
    out = []
    for anchor in anchors:
        place = anchor.place
        if (place is not None and place.feature_type not in _AREA_TYPES and anchor.kind == "toponym"
                and (_BORDER_AFTER.match(text, anchor.end) or (
                    _BORDER_BEFORE.search(text[max(0, anchor.start - 30):anchor.start])
                    and re.match(r"\s+(?:border|frontier)", text[anchor.end:anchor.end + 12])))):
            # Only areas whose border can be drawn: "the Rafah border crossing" stays a town's.
            areas = [c.place for c in gazetteer.candidates(anchor.text, fuzzy=False)
                     if c.place.feature_type in _AREA_TYPES and c.place.country_code == place.country_code
                     and (c.place.feature_type != "admin1" or "." in border_code(c.place))]
            if areas:
                anchor = Anchor(anchor.key, anchor.text, anchor.start, anchor.end, areas[0], anchor.kind)
        out.append(anchor)
    return out


def between_partners(text: str, anchors: Sequence[Anchor], gazetteer: Gazetteer) -> list[Anchor]:
    """Anchors for the unfound name of "between X and Y" when the other one is a place:
    the namesake nearest that place within BETWEEN_PARTNER_KM, else no place (and the
    anchor's kind, "between_partner", lets the reason say why)."""
    if "between" not in text:
        return []
    by_span = {(a.start, a.end): a for a in anchors}
    ordered = sorted(anchors, key=lambda a: a.start)
    starts = [a.start for a in ordered]
    added = []
    for match in _BETWEEN_PAIR.finditer(text):
        sides = [_name_at(match, group, by_span) for group in ("a", "b")]
        known = [anchor for anchor, _ in sides if anchor is not None and anchor.place is not None]
        if len(known) != 1:
            continue
        for anchor, (start, end) in sides:
            if anchor is not None or _overlaps(ordered, starts, start, end):
                continue
            found = _nearest_namesake(gazetteer, text, start, end, known[0])
            added.append(found)
    return added


def _name_at(match: re.Match, group: str, by_span: dict) -> tuple[Anchor | None, tuple[int, int]]:
    start = match.start(group)
    words = list(re.finditer(r"\S+", match.group(group)))
    # The anchor starting there, of any length ("Des Moines"), else the name's span.
    for word_count in range(len(words), 0, -1):
        end = start + words[word_count - 1].end()
        if (start, end) in by_span:
            return by_span[(start, end)], (start, end)
    return None, (start, start + words[-1].end())


def _overlaps(ordered: Sequence[Anchor], starts: Sequence[int], start: int, end: int) -> bool:
    """Whether an anchor overlaps text[start:end]; ``ordered`` by start, ``starts`` theirs.
    Mentions do not overlap, so only the last anchor starting before ``end`` can."""
    index = bisect.bisect_left(starts, end) - 1
    return index >= 0 and ordered[index].end > start


def _nearest_namesake(gazetteer: Gazetteer, text: str, start: int, end: int, other: Anchor) -> Anchor:
    """The gazetteer place called text[start:end] (or its longest leading words) nearest
    ``other``, as an anchor; without a place when none lies within reach."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for count in range(len(words), 0, -1):
        stop = start + words[count - 1].end()
        name = text[start:stop].rstrip(".,")
        stop = start + len(name)
        places = [c.place for c in gazetteer.candidates(name, fuzzy=False)]
        if not places:
            continue
        nearest = min(places, key=lambda p: haversine_km(p.lat, p.lon, other.place.lat, other.place.lon))
        km = haversine_km(nearest.lat, nearest.lon, other.place.lat, other.place.lon)
        place = nearest if km <= BETWEEN_PARTNER_KM["max"] else None
        return Anchor(f"between:{name}", name, start, stop, place, "between_partner")
    return Anchor(f"between:{text[start:end]}", text[start:end], start, end, None, "between_partner")
