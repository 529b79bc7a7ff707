"""Abbreviated names: "Calif.", "W.Va.", "Ont.", "NSW", "L.A." as places, "Springfield,
IL" and "Perth, WA" as qualifiers (``gazetteer.abbreviations`` holds the table), and a
compass letter before a name: "N. Dakota", "S. Korea"."""

from __future__ import annotations

import re
from functools import lru_cache

from gazetteer.abbreviations import Abbreviation, abbreviations
from gazetteer.fold import fold
from gazetteer.model import Candidate, Place
from geo.recognition.model import Context, Recognized
from geo.tokens import Token

COMPASS_LETTERS = {"N": "north", "S": "south", "E": "east", "W": "west"}
# What a compass letter may stand before: a state or a country ("N. Dakota", "S. Korea").
_COMPASS_TARGETS = ("admin1", "country")
_NUMBER_BEFORE = re.compile(r"\d[\s,]*$")    # "500 B.C." is a year


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    forms = sorted(abbreviations(), key=len, reverse=True)
    return re.compile("|".join(re.escape(form) for form in forms))


def abbreviation_at(text: str, offset: int) -> tuple[tuple[Abbreviation, ...], int] | None:
    """The table's rows for an abbreviation written at ``offset``, and where it ends.

    >>> rows, end = abbreviation_at("Charleston, W.Va., said", 12)
    >>> rows[0].target, end
    ('US.WV', 17)
    >>> abbreviation_at("INSIDE the hall", 0) is None    # "IN" must end where the word ends
    True
    """
    match = _pattern().match(text, offset)
    if match is None:
        return None
    end = match.end()
    if end < len(text) and (text[end].isalnum() or match.group()[-1] != "." and text[end] == "."
                            and end + 1 < len(text) and text[end + 1].isalpha()):
        return None
    return abbreviations()[match.group()], end


def _place(ctx: Context, entry: Abbreviation) -> Place | None:
    gaz = ctx.gazetteer
    return gaz.admin1(entry.target) if entry.is_admin1 else gaz.get(entry.target)


def _candidate(ctx: Context, place: Place, form: str) -> Candidate:
    """The gazetteer's own candidate for the place under its full name (its importance
    with it), else one made for the form."""
    for candidate in ctx.gazetteer.lookup(fold(place.name)):
        if candidate.place.id == place.id:
            return candidate
    return Candidate(place, matched_name=form, importance=0.7)


def qualifier_abbreviation(ctx: Context, start: int, name_key: str) -> str:
    """The folded full name of an abbreviation at token ``start`` that qualifies a name
    ("Springfield, IL" -> "illinois"); of two states with one form ("WA"), the one that
    holds a place of that name. "" when there is none."""
    if not ctx.on("abbreviation"):
        return ""
    found = abbreviation_at(ctx.text, ctx.tokens[start].start)
    if found is None:
        return ""
    places = [place for place in (_place(ctx, entry) for entry in found[0]) if place is not None]
    if not places:
        return ""
    if len(places) > 1 and name_key:
        codes = {c.place.admin1_code for c in ctx.gazetteer.lookup(name_key)}
        places = [place for place in places if place.admin1_code in codes] or places
    return fold(places[0].name)


def abbreviated_places(ctx: Context) -> list[Recognized]:
    """Abbreviations that name their place wherever they stand ("in Calif.", "across
    NSW", "L.A."), and compass letters before a state or country ("N. Dakota")."""
    found: list[Recognized] = []
    tokens, text = ctx.tokens, ctx.text
    ends = [t.core_end for t in tokens]
    for token in tokens:
        if not token.capitalised or token.start < (found[-1].end if found else 0):
            continue
        if ctx.on("abbreviation"):
            item = _abbreviated(ctx, token, ends)
            if item is not None:
                found.append(item)
                continue
        if ctx.on("compass_abbreviation") and token.text in COMPASS_LETTERS:
            item = _compass(ctx, token)
            if item is not None:
                found.append(item)
    return found


def _abbreviated(ctx: Context, token: Token, ends: list[int]) -> Recognized | None:
    text = ctx.text
    at = abbreviation_at(text, token.start)
    if at is None or _NUMBER_BEFORE.search(text, max(0, token.start - 8), token.start):
        return None
    rows, end = at
    entry = rows[0]
    if entry.use != "place" or len(rows) > 1:
        return None
    place = _place(ctx, entry)
    if place is None:
        return None
    # The span ends with the abbreviation's last word; the period after it is punctuation
    # ("Calif."), the periods of an initialism are its own ("L.A.").
    end = max((e for e in ends if token.start < e <= end), default=end)
    return Recognized(token.start, end, text[token.start:end], fold(place.name), type_hint="",
                      candidates=(_candidate(ctx, place, entry.form),), evidence=1.0)


def _compass(ctx: Context, token: Token) -> Recognized | None:
    tokens = ctx.tokens
    index = token.index
    if index + 1 >= len(tokens) or tokens[index + 1].gap_before not in (". ", ".") or \
            not tokens[index + 1].capitalised:
        return None
    direction = COMPASS_LETTERS[token.text]
    for last in range(min(index + 2, len(tokens) - 1), index, -1):
        if any(not t.capitalised or t.gap_before != " " for t in tokens[index + 2:last + 1]):
            continue
        key = f"{direction} {ctx.span_key(index + 1, last)}"
        candidates = [c for c in ctx.gazetteer.lookup(key)
                      if c.is_preferred and c.place.feature_type in _COMPASS_TARGETS]
        if candidates:
            end = tokens[last].core_end
            return Recognized(token.start, end, ctx.text[token.start:end], key, candidates=tuple(candidates),
                              evidence=1.0, qualifier="")
    return None


def with_abbreviated_places(ctx: Context, found: list[Recognized]) -> list[Recognized]:
    """``found`` with the abbreviated places, which win over what they overlap (the
    "La" of "L.A." is not Louisiana)."""
    added = abbreviated_places(ctx)
    if not added:
        return found
    kept = [r for r in found if not any(r.start < a.end and a.start < r.end for a in added)]
    return sorted(kept + added, key=lambda r: r.start)
