"""Qualifiers: the place named right after a name, which says where it is ("Paris,
Texas", "Sandhurst in Britain", "Chester is a city in Randolph County")."""

from __future__ import annotations

from gazetteer.fold import fold
from gazetteer.store import Gazetteer
from geo.lexicon import load_lexicon
from geo.recognition.abbreviations import qualifier_abbreviation
from geo.recognition.model import Context
from geo.recognition.words import APPOSITION_STARTS, NAME_PARTICLES, UNIT_WORDS
from geo.tokens import Token, tokenize


def described_in(tokens: list[Token], k: int) -> int | None:
    """Where "X is a small town in Y" or "X, a village in Y" names its Y: the index of
    Y's first word, looking a few lower-case words ahead within the sentence."""
    for index in range(k, min(k + 9, len(tokens) - 1)):
        token = tokens[index]
        if index > k and (token.sentence_start or token.capitalised):
            return None
        if token.key not in ("in", "of"):
            continue
        # "a town in Kent", "the county seat of Andrew County", "the capital of Bihar"
        if tokens[index + 1].capitalised and tokens[index + 1].gap_before == " ":
            return index + 1
        if token.key == "of":
            continue
        # "in the canton of Ticino", "in the province of Ilocos Sur"
        after = tokens[index + 1:index + 5]
        if len(after) == 4 and after[0].key == "the" and after[1].key in UNIT_WORDS and after[2].key == "of" \
                and after[3].capitalised:
            return index + 4
    return None


def qualifier_after(ctx: Context, j: int, name_key: str = "") -> str:
    """The folded name of the place named right after token j, or ""."""
    tokens = ctx.tokens
    if j + 1 >= len(tokens) or not ctx.on("qualifier_after_name"):
        return ""
    nxt = tokens[j + 1]
    start = None
    if nxt.gap_before in (", ", ",\u00a0") and nxt.capitalised:
        start = j + 1
    elif nxt.key == "in" and nxt.gap_before == " " and j + 2 < len(tokens) and tokens[j + 2].capitalised:
        start = j + 2
    elif nxt.key in APPOSITION_STARTS or (nxt.gap_before.startswith(",") and nxt.key in ("a", "an", "the")):
        start = described_in(tokens, j + 1)
    if start is None:
        return ""
    if start == j + 1:
        abbreviated = qualifier_abbreviation(ctx, start, name_key)   # "Springfield, IL"
        if abbreviated:
            return abbreviated
    end = name_end(tokens, start)
    for stop in range(end, start - 1, -1):
        key = ctx.span_key(start, stop)
        if ctx.gazetteer.has_name(key):
            if start == j + 1 and _list_goes_on(tokens, stop + 1) and not _holds(ctx.gazetteer, key, name_key):
                return ""
            return key
    return ""


def _holds(gazetteer: Gazetteer, unit_key: str, name_key: str) -> bool:
    """Whether a country or state of that name holds a place of the other name: then
    "Valencia, Venezuela and Madrid" is Valencia in Venezuela, not a list of three."""
    if not name_key:
        return False
    units = [c.place for c in gazetteer.lookup(unit_key)[:10]
             if c.is_preferred and c.place.feature_type in ("country", "admin1")]
    return any(u.country_code == c.place.country_code if u.feature_type == "country"
               else bool(c.place.admin1_code) and u.admin1_code == c.place.admin1_code
               for c in gazetteer.lookup(name_key)[:30] for u in units)


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


def qualifiers_of(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer) -> dict[tuple[int, int], str]:
    """The qualifier after each given span ("Paris, Texas" -> "texas"), for spans a
    user's own recogniser found: (start, end) -> folded qualifier, where there is one.

    >>> from gazetteer.build import build_from_places
    >>> from gazetteer.model import Place
    >>> gaz = build_from_places([Place("gn:1", "Texas", "admin1", "US", 31.0, -99.0, admin1_code="US.TX")])
    >>> qualifiers_of("She grew up in Paris, Texas.", [(15, 20)], gaz)
    {(15, 20): 'texas'}
    """
    ctx = Context(text, gazetteer, load_lexicon(), tokenize(text))
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
