"""Qualifiers: the place named right after a name, which says where it is ("Paris,
Texas", "Sandhurst in Britain", "Chester is a city in Randolph County")."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from gazetteer.fold import GENERIC_WORDS, fold
from gazetteer.kinds import HOLDING_TYPES
from gazetteer.model import Place
from gazetteer.store import Gazetteer
from geo.lexicon import load_lexicon
from geo.recognition.abbreviations import qualifier_abbreviation
from geo.recognition.model import Context
from geo.recognition.weights import DESCRIPTION_REACH, MAX_DESCRIBED_UNITS, MAX_UNIT_CANDIDATES, PARENTHESIS_REACH
from geo.recognition.words import (
    APPOSITION_STARTS, NAME_ABBREVIATIONS, NAME_PARTICLES, OTHER_THING_WORDS, PERSON_VERBS, POSITION_WORDS, UNIT_WORDS,
)
from geo.tokens import Token, tokenize


def described_units(tokens: list[Token], k: int, on: Callable[[str], bool],
                    adjectives: frozenset[str] | dict = frozenset()) -> Iterator[tuple[int, bool]]:
    """Where "X is a small town in Y" or "X, a village in Y" names its Y: the index of
    the first word of each unit the description names, in order, looking ahead within
    the sentence from token k, each with whether it came after the previous one and a
    comma ("in the town of South Kingstown, Rhode Island" names two). Words that say
    where in Y the place lies, a parenthesis and a demonym ("a Chilean city") do not end
    the description; another capitalised word does ("Chester is John's town in").
    ``on`` says whether a rule is switched on (``Context.on``)."""
    index, reach = k, min(k + DESCRIPTION_REACH, len(tokens) - 1)
    while index < reach:
        token = tokens[index]
        if index > k:
            if _sentence_ends_before(tokens, index):
                return
            if "(" in token.gap_before and on("description_parenthesis"):
                after = _after_parenthesis(tokens, index)
                if after is None:
                    return
                reach = min(reach + after - index, len(tokens) - 1)
                index = after
                continue
            if token.capitalised and not (token.key in adjectives and on("description_demonym")):
                return
        if token.key in ("in", "of"):
            start = _unit_start(tokens, index + 1, on)
            if start is not None:
                yield start, False
                end = name_end(tokens, start)
                # "the town of South Kingstown, Rhode Island": the next unit after a comma,
                # not a list ("of Quenby, Douglas and Tennarra") nor a speaker ("Douglas said")
                while on("description_unit_chain") and end + 1 < len(tokens) \
                        and tokens[end + 1].gap_before == ", " and tokens[end + 1].capitalised \
                        and not _list_goes_on(tokens, end + 1):
                    end = name_end(tokens, end + 1)
                    if end + 1 < len(tokens) and tokens[end + 1].key in PERSON_VERBS:
                        return
                    yield _name_start_before(tokens, end), True
                index = end + 1
                continue
        index += 1


def _name_start_before(tokens: list[Token], end: int) -> int:
    """The first token of the comma-led name that ends at token ``end``."""
    start = end
    while start > 0 and tokens[start].gap_before != ", ":
        start -= 1
    return start


def _sentence_ends_before(tokens: list[Token], index: int) -> bool:
    """Whether a sentence ends before token ``index``: a period, "!" or "?" before a
    capitalised word or a line break, not an abbreviation's period ("St. Charles", "U.S. state")."""
    token = tokens[index]
    if "\n" in token.gap_before:
        return True
    if not token.sentence_start or not token.capitalised:
        return False
    gap = token.gap_before.lstrip(")\"'\u201d ")
    if not gap.startswith((".", "!", "?")) and not token.gap_before.startswith((".", "!", "?")):
        return False
    return tokens[index - 1].key not in NAME_ABBREVIATIONS and len(tokens[index - 1].key) > 1


def _after_parenthesis(tokens: list[Token], index: int) -> int | None:
    """The index of the first word after the parenthesis or the pronunciation between
    slashes that opens before token ``index`` ("(CDP)", "(/ˈlaɪmə/)", "/ˈkaɪroʊ/"), or
    None where it does not close soon."""
    opening = tokens[index].gap_before
    closer = ")" if "(" in opening else "/"
    for after in range(index, min(index + PARENTHESIS_REACH, len(tokens))):
        gap = tokens[after].gap_before
        if after > index and closer in gap and "(" not in gap:
            return after
    return None


def _unit_start(tokens: list[Token], i: int, on: Callable[[str], bool]) -> int | None:
    """The first word of the unit named from token i on, right after "in" or "of": "Kent",
    "southeastern Major County", "the canton of Ticino", "the U.S. state of Ohio"; None
    where no unit is named there ("in the eastern part of Kent" names it after "of")."""
    if i >= len(tokens) or tokens[i].gap_before != " ":
        return None
    if tokens[i].capitalised:
        return i
    if on("description_position"):
        j = i
        while j < len(tokens) - 1 and tokens[j].key in POSITION_WORDS and not tokens[j].capitalised:
            j += 1
        if j > i and tokens[j].capitalised and tokens[j].gap_before in (" ", "-"):
            return j
    if tokens[i].key != "the":
        return None
    after = tokens[i + 1:i + 6]
    # "in the canton of Ticino", "in the City of Whittlesea"
    if len(after) >= 3 and after[0].key in UNIT_WORDS and after[1].key == "of" and after[2].capitalised:
        return i + 3
    # "in the South Holland district of Lincolnshire": the outer unit is the one named
    if on("description_national_unit"):
        for n in (1, 2):
            if len(after) >= n + 3 and all(t.capitalised for t in after[:n]) and after[n].key in UNIT_WORDS \
                    and not after[n].capitalised and after[n + 1].key == "of" and after[n + 2].capitalised:
                return i + n + 3
    return None


def qualifier_after(ctx: Context, j: int, name_key: str = "") -> str:
    """The folded name of the place named right after token j, or ""."""
    tokens = ctx.tokens
    if j + 1 >= len(tokens) or not ctx.on("qualifier_after_name"):
        return ""
    nxt = tokens[j + 1]
    if ("(" in nxt.gap_before or "/" in nxt.gap_before) and ctx.on("description_parenthesis"):
        # "Lima (/ˈlaɪmə/) is a city in Allen County": the description follows the parenthesis.
        after = _after_parenthesis(tokens, j + 1)
        if after is not None and after < len(tokens) and tokens[after].key in APPOSITION_STARTS:
            j, nxt = after - 1, tokens[after]
    if nxt.gap_before in (", ", ",\u00a0") and nxt.capitalised:
        start = j + 1
    elif nxt.key == "in" and nxt.gap_before == " " and j + 2 < len(tokens) and tokens[j + 2].capitalised:
        start = j + 2
    elif nxt.key in APPOSITION_STARTS or (nxt.gap_before.startswith(",") and nxt.key in ("a", "an", "the")):
        return _described_unit(ctx, j + 1, name_key)
    else:
        return ""
    if start == j + 1:
        abbreviated = qualifier_abbreviation(ctx, start, name_key)   # "Springfield, IL"
        if abbreviated:
            return abbreviated
    key, stop = _known_name(ctx, start)
    if key and start == j + 1 and _list_goes_on(tokens, stop + 1) and not _holds(ctx.gazetteer, key, name_key):
        return ""
    return key


def _known_name(ctx: Context, start: int) -> tuple[str, int]:
    """The longest name the gazetteer knows from token ``start`` on, and its last token."""
    end = name_end(ctx.tokens, start)
    for stop in range(end, start - 1, -1):
        key = ctx.span_key(start, stop)
        if ctx.gazetteer.has_name(key):
            return key, stop
    return "", start


def _names_something_else(tokens: list[Token], start: int, stop: int) -> bool:
    """Whether the words after the known name make it another kind of thing: "the
    Willamette River" is no Willamette, "Elm Township" no Elm."""
    after = stop + 1
    if after > name_end(tokens, start):
        return False
    word = tokens[after].key
    return word in OTHER_THING_WORDS or GENERIC_WORDS.get(word, "city") not in ("admin1", "admin2", "region", "city")


def _described_unit(ctx: Context, k: int, name_key: str) -> str:
    """The unit a description from token k names: the first that can hold a place (a
    country, a state, a county, a region). "In the town of South Kingstown, Rhode
    Island" is Rhode Island, which holds South Kingstown; the river in "on the banks
    of the Willamette", a town ("part of the Bryan metropolitan area") and the name
    itself are none."""
    units = described_units(ctx.tokens, k, ctx.on, adjectives=ctx.lexicon.demonyms)
    if not ctx.on("description_names_a_unit"):
        first = next(units, None)
        return _known_name(ctx, first[0])[0] if first is not None else ""
    previous = ""
    for start, chained in itertools.islice(units, MAX_DESCRIBED_UNITS):
        key, stop = _known_name(ctx, start)
        if chained and previous and _broad_units(ctx.gazetteer, key) and not _holds(ctx.gazetteer, key, previous):
            return ""       # "a suburb of Quenby, Georgia": no Quenby lies in Georgia
        previous = key or previous
        if not key or key == name_key or key in UNIT_WORDS or _names_something_else(ctx.tokens, start, stop):
            continue
        if any(c.place.feature_type in HOLDING_TYPES for c in ctx.gazetteer.lookup(key)[:MAX_UNIT_CANDIDATES]):
            return key
    return ""


def _broad_units(gazetteer: Gazetteer, key: str) -> list[Place]:
    """The countries and states a name stands for first: the units ``_holds`` can judge."""
    return [c.place for c in gazetteer.lookup(key)[:10]
            if c.is_preferred and c.place.feature_type in ("country", "admin1")]


def _holds(gazetteer: Gazetteer, unit_key: str, name_key: str) -> bool:
    """Whether a country or state of that name holds a place of the other name: then
    "Valencia, Venezuela and Madrid" is Valencia in Venezuela, not a list of three."""
    if not name_key:
        return False
    units = _broad_units(gazetteer, unit_key)
    return any(u.country_code == c.place.country_code if u.feature_type == "country"
               else bool(c.place.admin1_code) and u.admin1_code == c.place.admin1_code
               for c in gazetteer.lookup(name_key)[:30] for u in units)


def qualified_here(ctx: Context, j: int, name_key: str) -> bool:
    """Whether the unit named right after token j ("Grantham, Lincolnshire", "Grantham
    in Lincolnshire") holds a place of the name: a country, state or county by its codes.
    Not a unit that owns what follows: "Lincoln, Nebraska's senior senator" is a man."""
    unit_key = qualifier_after(ctx, j, name_key)
    if not unit_key:
        return False
    tokens = ctx.tokens
    start = j + 2 if tokens[j + 1].key == "in" else j + 1
    if any(t.possessive for t in tokens[start:name_end(tokens, start) + 1]):
        return False
    gazetteer = ctx.gazetteer
    units = [c.place for c in gazetteer.lookup(unit_key)[:MAX_UNIT_CANDIDATES]
             if c.place.feature_type in ("country", "admin1", "admin2")]
    return any(_unit_holds(unit, c.place) for c in gazetteer.lookup(name_key)[:MAX_UNIT_CANDIDATES]
               for unit in units if unit.id != c.place.id)


def _unit_holds(unit: Place, place: Place) -> bool:
    if unit.feature_type == "country":
        return unit.country_code == place.country_code
    if unit.feature_type == "admin1":
        return bool(place.admin1_code) and unit.admin1_code == place.admin1_code
    return bool(place.admin2_code) and unit.admin2_code == place.admin2_code


def name_end(tokens: list[Token], start: int) -> int:
    """The last token of the capitalised name starting at ``start`` (five or six words at
    most), particles included: "Surigao del Sur", "Mato Grosso do Sul"."""
    end = start
    while end + 1 < len(tokens) and end - start < 4 and tokens[end + 1].gap_before == " ":
        nxt = tokens[end + 1]
        if nxt.capitalised:
            end += 1
        elif nxt.key in NAME_PARTICLES and end + 2 < len(tokens) and tokens[end + 2].capitalised \
                and tokens[end + 2].gap_before == " ":
            end += 2
        else:
            break
    return end


def _list_goes_on(tokens: list[Token], k: int) -> bool:
    """After "Norbury, Granville": does "and Somerville" follow? Then the names are a
    list ("Miami, West Palm Beach, New York, and Detroit"), not a place and its region."""
    for _ in range(12):     # a few more list items at most; a chain of regions never ends in "and"
        if k + 1 >= len(tokens) or not tokens[k].gap_before.startswith((",", " ")):
            return False
        token = tokens[k]
        if token.key in ("and", "or") and tokens[k + 1].capitalised:
            return True
        if not (token.capitalised and token.gap_before.startswith(",")):
            return False
        k = name_end(tokens, k) + 1
    return False


def qualifiers_of(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer, *,
                  without: frozenset[str] = frozenset()) -> dict[tuple[int, int], str]:
    """The qualifier after each given span ("Paris, Texas" -> "texas"), for spans a
    user's own recogniser found: (start, end) -> folded qualifier, where there is one;
    the rules named in ``without`` switched off.

    >>> from gazetteer.build import build_from_places
    >>> from gazetteer.model import Place
    >>> gaz = build_from_places([Place("gn:1", "Texas", "admin1", "US", 31.0, -99.0, admin1_code="US.TX")])
    >>> qualifiers_of("She grew up in Paris, Texas.", [(15, 20)], gaz)
    {(15, 20): 'texas'}
    """
    ctx = Context(text, gazetteer, load_lexicon(), tokenize(text), without=frozenset(without))
    last_token = {t.core_end: t.index for t in ctx.tokens}
    last_token.update({t.end: t.index for t in ctx.tokens})
    found = {}
    for start, end in spans:
        index = last_token.get(end)
        if index is not None:
            qualifier = qualifier_after(ctx, index, fold(text[start:end]))
            if qualifier:
                found[(start, end)] = qualifier
    return found
