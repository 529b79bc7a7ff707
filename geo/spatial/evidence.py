"""Derived places as evidence about named places: "the Panjshir Valley, 70 miles north
of Kabul" says where the Panjshir Valley is.

Pure functions for the resolver (which chooses among candidates) and the facts panel
(which reports a description that contradicts the chosen place). They read only their
arguments: no gazetteer, no state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geopy.distance import geodesic

from gazetteer.model import Place
from geo.model import ParseResult
from geo.spatial.derive import DeriveContext, DrawnAreas, derive_place
from geo.spatial.model import Anchor, DerivedPlace
from geo.spatial.recognize import NamedSpans, described_before, find_descriptions

# One WGS-84 geodesic for every measure: ``geodesic(a, b)`` builds a new one (and its
# series coefficients) per call, which cost more than the distance itself; ``measure``
# reuses it and gives the same kilometres to the last bit.
_WGS84 = geodesic()


def described_area(derived: Sequence[DerivedPlace], key: str, *, start: int | None = None) -> DerivedPlace | None:
    """The derived place whose phrase describes the named place ``key`` (optionally the
    mention starting at ``start``), with an area; None when the text describes it nowhere.

    >>> described_area((), "cur:panjshir-valley") is None
    True
    """
    for item in derived:
        if item.describes == key and item.has_area:
            if start is None or item.mention.start > start:
                return item
    return None


def area_describing(text: str, start: int, end: int, anchors: Sequence[Anchor], *,
                    focus_code: str = "") -> DerivedPlace | None:
    """The derived place that the phrase right after the name at ``text[start:end]``
    states, computed from ``anchors`` (the places resolved so far), or None.

    For a resolver that has not built a ParseResult yet: "the Panjshir Valley, 70 miles
    north of Kabul" with Kabul among the anchors gives the circle north of Kabul.

    >>> from gazetteer.model import Place
    >>> kabul = Place("gn:1138958", "Kabul", "city", "AF", 34.52813, 69.17233, population=3_000_000)
    >>> text = "the Panjshir Valley, 70 miles north of Kabul, held out"
    >>> area = area_describing(text, 4, 19, [Anchor("gn:1138958", "Kabul", 39, 44, kabul)])
    >>> area.relation, area.contains(35.35, 69.6)
    ('distance_direction', True)
    """
    descriptions = find_descriptions(text, anchors)
    context = DeriveContext.of(text, anchors, focus_code)
    for description in descriptions:
        if description.start < end:
            continue
        if described_before(text, description, NamedSpans.of([(start, end, "named")]), descriptions) == "named":
            return derive_place(description, context, describes="named")
        break
    return None


def areas_describing(text: str, names: Sequence[tuple[int, int, str]], anchors: Sequence[Anchor], *,
                     focus_code: str = "", drawn: DrawnAreas | None = None) -> dict[str, DerivedPlace]:
    """For each name that the phrase right after it describes, the area that phrase
    stands for: ``names`` are (start, end, key) of every name, ``anchors`` the places
    resolved so far (their keys in the same key space). One pass over the text, for a
    resolver choosing every name of an article at once; names without a description,
    or whose description has no area, are left out. The areas drawn go into ``drawn``,
    for the rest of the parse.

    >>> kabul = Place("gn:1138958", "Kabul", "city", "AF", 34.52813, 69.17233)
    >>> text = "the Panjshir Valley, 70 miles north of Kabul, held out"
    >>> found = areas_describing(text, [(4, 19, "valley"), (39, 44, "kabul")], [Anchor("kabul", "Kabul", 39, 44, kabul)])
    >>> sorted(found), found["valley"].contains(35.35, 69.6)
    (['valley'], True)
    """
    if not anchors:
        return {}
    descriptions = find_descriptions(text, anchors, rules_seen=drawn.rules_seen if drawn is not None else None)
    if not descriptions:
        return {}
    spans = NamedSpans.of(names)
    context = DeriveContext.of(text, anchors, focus_code, drawn=drawn)
    starts = [d.start for d in descriptions]
    found: dict[str, DerivedPlace] = {}
    for description in descriptions:
        key = described_before(text, description, spans, descriptions, starts)
        if key and key not in found:
            item = derive_place(description, context, describes=key)
            if item.has_area:
                found[key] = item
    return found


@dataclass(frozen=True, slots=True)
class Fit:
    """How a candidate sits with a description: inside its area or not, how far from
    the anchor, and the reason in words ("the text puts it 70 miles north of Kabul;
    this one is 105 km from there")."""

    inside: bool
    km_from_anchor: float
    reason: str


def candidate_fit(description: DerivedPlace, candidate: Place) -> Fit | None:
    """Whether ``candidate`` lies in the area ``description`` stands for, in words, or
    None when the description has no area.

    This is what the facts panel needs to report a description the chosen place does
    not fit: ``fit.inside``, and ``fit.reason`` to explain.

    >>> kabul = Place("gn:1138958", "Kabul", "city", "AF", 34.52813, 69.17233)
    >>> text = "the Panjshir Valley, 70 miles north of Kabul, held out"
    >>> area = area_describing(text, 4, 19, [Anchor("gn:1138958", "Kabul", 39, 44, kabul)])
    >>> candidate_fit(area, Place("cur:v", "Panjshir Valley", "valley", "AF", 35.4, 69.7)).reason
    'the text puts it 70 miles north of Kabul, and this one is 108 km from Kabul, inside that area'
    """
    if not description.has_area:
        return None
    return _fit(description, candidate, description.contains(candidate.lat, candidate.lon))


def inside_fit(description: DerivedPlace, candidate: Place) -> Fit | None:
    """The fit of a ``candidate`` inside the area ``description`` stands for, or None
    when it lies outside (or there is no area): what a resolver rule "candidates inside
    the derived area are preferred" reads for every namesake of a described name. Only
    those inside are measured from the anchor.

    >>> kabul = Place("gn:1138958", "Kabul", "city", "AF", 34.52813, 69.17233)
    >>> text = "the Panjshir Valley, 70 miles north of Kabul, held out"
    >>> area = area_describing(text, 4, 19, [Anchor("gn:1138958", "Kabul", 39, 44, kabul)])
    >>> inside_fit(area, Place("cur:v", "Panjshir Valley", "valley", "AF", 35.4, 69.7)).km_from_anchor > 100
    True
    >>> inside_fit(area, kabul) is None
    True
    """
    if not description.contains(candidate.lat, candidate.lon):
        return None
    return _fit(description, candidate, True)


def _fit(description: DerivedPlace, candidate: Place, inside: bool) -> Fit:
    anchor = description.anchor
    km = _WGS84.measure((anchor.place.lat, anchor.place.lon), (candidate.lat, candidate.lon)) if anchor and \
        anchor.place else float("nan")
    # One clause, no ";": a choice's reasons are joined by ";" and read back one by one.
    said = " ".join(description.mention.text.replace(";", ",").split())
    where = f"{km:,.0f} km from {anchor.place.name}" if anchor and anchor.place else "elsewhere"
    side = "inside" if inside else "outside"
    reason = f"the text puts it {said}, and this one is {where}, {side} that area"
    return Fit(inside=inside, km_from_anchor=km, reason=reason)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A description that does not fit the place the engine chose for the name it describes."""

    place_key: str
    place_name: str
    derived: DerivedPlace
    message: str


def contradictions(result: ParseResult) -> tuple[Contradiction, ...]:
    """Every description whose area does not hold the place chosen for the name it
    describes ("Springfield, 200 miles southwest of Chicago" with Springfield,
    Massachusetts chosen), for the facts panel.

    >>> contradictions(ParseResult("", (), (), (), ()))
    ()
    """
    found = []
    for item in result.derived:
        if not item.describes or not item.has_area:
            continue
        named = result.place(item.describes)
        if named is None or named.place is None:
            continue
        fit = candidate_fit(item, named.place)
        if fit is not None and not fit.inside:
            found.append(Contradiction(
                place_key=named.key, place_name=named.name, derived=item,
                message=(f"The text puts {named.name} {item.mention.text}, but the {named.place.name} shown is "
                         f"{fit.km_from_anchor:,.0f} km from {_anchor_name(item)}, outside that area."),
            ))
    return tuple(found)


def _anchor_name(item) -> str:
    """The anchor as the text has it when the gazetteer has no place for it."""
    anchor = item.anchor
    if anchor is None:
        return "its anchor"
    return anchor.place.name if anchor.place is not None else anchor.text
