"""Abbreviated names: "Calif.", "W.Va.", "Ont.", "NSW", "L.A." as places, "Springfield,
IL" and "Perth, WA" as qualifiers (``gazetteer.abbreviations`` holds the table), and a
compass letter before a name: "N. Dakota", "S. Korea"."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from operator import attrgetter
from functools import lru_cache

from gazetteer.abbreviations import Abbreviation, abbreviations
from gazetteer.fold import fold
from gazetteer.model import Candidate, Place
from geo.recognition.model import Context, Recognized
from geo.recognition.runs import shouting
from geo.recognition.weights import ABBREVIATION_COUNTRY_PLACES
from geo.tokens import Token

COMPASS_LETTERS = {"N": "north", "S": "south", "E": "east", "W": "west"}
# What a compass letter may stand before: a state or a country ("N. Dakota", "S. Korea").
_COMPASS_TARGETS = ("admin1", "country")
_NUMBER_BEFORE = re.compile(r"\d[\s,]*$")    # "500 B.C." is a year
# Countries whose press writes its provinces' and states' symbols alone ("BC officials",
# "across WA"); US postal codes alone are acronyms ("voter ID", "VistaPrint NV").
_STANDALONE_COUNTRIES = frozenset({"CA", "AU"})
_core_end = attrgetter("core_end")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    forms = sorted(abbreviations(), key=len, reverse=True)
    return re.compile("|".join(re.escape(form) for form in forms))


@lru_cache(maxsize=1)
def _openings() -> tuple[int, frozenset[str]]:
    """How many characters every form has at least, and the forms' openings of that
    length: a word that opens otherwise ("Kabul", "The") is no abbreviation, found
    without trying the pattern's hundred alternatives on it."""
    shortest = min(map(len, abbreviations()), default=0)
    return shortest, frozenset(form[:shortest] for form in abbreviations())


def abbreviation_at(text: str, offset: int) -> tuple[tuple[Abbreviation, ...], int] | None:
    """The table's rows for an abbreviation written at ``offset``, and where it ends.

    >>> rows, end = abbreviation_at("Charleston, W.Va., said", 12)
    >>> rows[0].target, end
    ('US.WV', 17)
    >>> abbreviation_at("INSIDE the hall", 0) is None    # "IN" must end where the word ends
    True
    """
    length, openings = _openings()
    if text[offset:offset + length] not in openings:
        return None
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


def abbreviated_places(ctx: Context, places: list[Recognized] = ()) -> list[Recognized]:
    """Abbreviations that name their place wherever they stand ("in Calif.", "across
    NSW", "L.A."), and compass letters before a state or country ("N. Dakota"). With
    the places recognised so far, a qualifier's form names its place too after a place
    and a comma ("Springfield, IL") or in an article about its country ("BC" among
    Canadian towns)."""
    found: list[Recognized] = []
    text, tokens = ctx.text, ctx.tokens
    place_ends = {r.end for r in places if r.kind == "toponym"}
    country = _article_country(places)
    for token in tokens:
        if not token.capitalised or token.start < (found[-1].end if found else 0):
            continue
        # Read once for the three readings of a form below, and never for the words
        # that are no form (nearly all): each reading needs one.
        at = abbreviation_at(text, token.start) if ctx.on("abbreviation") else None
        if at is not None:
            item = _abbreviated(ctx, token, at)
            if item is None and token.text.isupper():
                item = _qualifier_form_as_place(ctx, token, at, place_ends, country)
            if item is None and ctx.on("dotted_qualifier_mention"):
                item = _dotted_qualifier(ctx, token, at, place_ends)
            if item is not None:
                found.append(item)
                continue
        if ctx.on("compass_abbreviation") and token.text in COMPASS_LETTERS:
            item = _compass(ctx, token)
            if item is not None:
                found.append(item)
    return found


def _abbreviated(ctx: Context, token: Token, at: tuple[tuple[Abbreviation, ...], int]) -> Recognized | None:
    """The form ``at`` (``abbreviation_at`` the token) as a mention of its place, where
    the table says it names one wherever it stands ("Calif.")."""
    text = ctx.text
    if _NUMBER_BEFORE.search(text, max(0, token.start - 8), token.start):
        return None
    rows, end = at
    if rows[0].use != "place" or len(rows) > 1:
        return None
    return _mention(ctx, token, end, rows[0])


def _mention(ctx: Context, token: Token, end: int, entry: Abbreviation) -> Recognized | None:
    """The abbreviation at ``token`` (its form ending at ``end``) as a mention of the
    table row's place, or None where the gazetteer lacks that place."""
    place = _place(ctx, entry)
    if place is None:
        return None
    # The span ends with the abbreviation's last word; the period after it is punctuation
    # ("Calif."), the periods of an initialism are its own ("L.A.").
    # Found by bisection: the tokens' ends rise through the text.
    tokens = ctx.tokens
    last = bisect.bisect_right(tokens, end, lo=token.index, key=_core_end) - 1
    end = tokens[last].core_end if last >= token.index and tokens[last].core_end > token.start else end
    return Recognized(token.start, end, ctx.text[token.start:end], fold(place.name), type_hint=_unit_hint(entry),
                      candidates=(_candidate(ctx, place, entry.form),), evidence=1.0)


def _holding(ctx: Context, rows: tuple[Abbreviation, ...], previous: Token) -> tuple[Abbreviation, ...]:
    """The rows whose state or province holds a place named as the token before the
    comma: of "WA" after "Perth", Western Australia."""
    codes = {c.place.admin1_code for c in ctx.gazetteer.lookup(previous.key)}
    return tuple(r for r in rows if r.target in codes)


def _unit_hint(entry: Abbreviation) -> str:
    """A state's abbreviation says "the state" as a type word would: "Wash." is the state
    of Washington, so it is resolved apart from a bare "Washington" in the same story
    (the city of that name, by fame), not pulled along with it."""
    return "admin1" if entry.is_admin1 else ""


def _article_country(places: list[Recognized]) -> str:
    """The country most of the article's places so far are in (their best candidates),
    when at least ``ABBREVIATION_COUNTRY_PLACES`` of them are; else ""."""
    counts = Counter(r.candidates[0].place.country_code for r in places if r.kind == "toponym" and r.candidates)
    if not counts:
        return ""
    code, count = counts.most_common(1)[0]
    return code if count >= ABBREVIATION_COUNTRY_PLACES else ""


def _qualifier_form_as_place(ctx: Context, token: Token, at: tuple[tuple[Abbreviation, ...], int],
                             place_ends: set[int], country: str) -> Recognized | None:
    """A form the table keeps for qualifiers ("IL", "BC", "WA") as a mention of its place:
    after a place and a comma ("Springfield, IL": ``qualifier_abbreviation_mention``), or
    standing alone in an article whose places are in its country ("BC" in a story about
    Vancouver and Kelowna: ``abbreviation_in_its_country``). A form that is also an
    English word ("IN", "OR", "ME") or that the text writes in lower case stays a word,
    and one in a line of capitals stays part of it."""
    text, tokens = ctx.text, ctx.tokens
    if _NUMBER_BEFORE.search(text, max(0, token.start - 8), token.start):
        return None
    rows, end = at
    if token.key in ctx.lexicon.common_words or token.key in ctx.lower_words or token.index in ctx.title_case \
            or any(shouting(t) for t in tokens[max(0, token.index - 1):token.index + 2] if t.index != token.index) \
            or "-" in text[token.start - 1:token.start] + text[end:end + 1]:
        return None     # "MS-13", "R-FL": a code inside another
    after_place = token.index > 0 and token.gap_before == ", " and tokens[token.index - 1].core_end in place_ends
    if after_place and ctx.on("qualifier_abbreviation_mention"):
        rows = _holding(ctx, rows, tokens[token.index - 1]) or rows
    elif country in _STANDALONE_COUNTRIES and ctx.on("abbreviation_in_its_country"):
        rows = tuple(r for r in rows if r.target.split(".")[0] == country and r.is_admin1)
        if len(rows) != 1:
            return None
    else:
        return None
    return _mention(ctx, token, end, rows[0])


def _dotted_qualifier(ctx: Context, token: Token, at: tuple[tuple[Abbreviation, ...], int],
                      place_ends: set[int]) -> Recognized | None:
    """A qualifier's form written with its period in title case after a place and a
    comma ("BRANDON, Man. —", "Jackson, Miss.") as a mention of its place: the period
    and the place before it make it the province, though its letters spell a word."""
    text, tokens = ctx.text, ctx.tokens
    if token.index == 0 or token.gap_before != ", " or tokens[token.index - 1].core_end not in place_ends:
        return None
    rows, end = at
    form = text[token.start:end]
    if not form.endswith(".") or form.isupper():
        return None
    nxt = token.index + 1
    if nxt < len(tokens) and tokens[nxt].capitalised and tokens[nxt].gap_before == " ":
        return None     # "Liverpool, Man. United and Chelsea": a club, not Manitoba
    # Only the province that holds a place of the name before it: "Dauphin, Man."
    rows = _holding(ctx, rows, tokens[token.index - 1])
    return _mention(ctx, token, end, rows[0]) if rows else None


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
    added = abbreviated_places(ctx, found)
    if not added:
        return found
    kept = [r for r in found if not any(r.start < a.end and a.start < r.end for a in added)]
    return sorted(kept + added, key=lambda r: r.start)
