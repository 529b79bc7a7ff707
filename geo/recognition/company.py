"""Names placed by the company they keep: a lone word a veto took for a given name or an
ordinary word ("Gary", "Norman", "Hope") is a place after all where the text names it
with its state ("Gary, Indiana", "Gary, IN") or lists it among places ("Tulsa, Enid,
Norman and Moore")."""

from __future__ import annotations

from geo.recognition.abbreviations import abbreviation_at
from geo.recognition.matching import emit_place
from geo.recognition.model import Context, Recognized
from geo.tokens import Token
from geo.recognition.weights import LIST_MEMBERS, LISTED_PLACES
from geo.recognition.words import LOCATIVE

# Words between the members of a list: "Tulsa, Enid, Norman and Moore".
_LIST_JOINS = frozenset({"and", "or"})


def with_places_by_company(ctx: Context, runs: list[tuple[int, int]], found: list[Recognized]) -> list[Recognized]:
    """``found`` and the lone words that the vetoes took for a name or a word but that
    the text places by their company (``named_with_its_state``, ``listed_with_places``)."""
    if not (ctx.on("named_with_its_state") or ctx.on("listed_with_places")):
        return found
    lex = ctx.lexicon
    starts = {r.start for r in found}
    places_at = {r.start: r for r in found if r.kind == "toponym"}
    added: list[Recognized] = []
    for index, (i, j) in enumerate(runs):
        token = ctx.tokens[i]
        if i != j or token.start in starts or token.key in ctx.people \
                or token.key not in lex.given_names and token.key not in lex.common_words:
            continue
        # A sentence's first word is a person ("Norman, Oklahoma's head coach, said")
        # unless it opens a dateline in capitals ("BRANDON, Man. —").
        if token.sentence_start and not _dateline_word(ctx, token):
            continue
        if ctx.on("named_with_its_state") and _named_with_its_state(ctx, i) \
                or ctx.on("listed_with_places") and not token.sentence_start \
                and _listed_with_places(ctx, runs, index, places_at):
            emit_place(ctx, i, added)
    if added and ctx.on("placed_again"):
        _placed_again(ctx, runs, {r.start for r in found + added}, {r.key for r in added}, added)
    return sorted(found + added, key=lambda r: r.start) if added else found


def _placed_again(ctx: Context, runs: list[tuple[int, int]], starts: set[int], keys: set[str],
                  added: list[Recognized]) -> None:
    """The same word again after a locative word is the same place: "Voters in Delaware,
    Marion and Mount Vernon ... In Marion, turnout was high" (a sentence's "In" makes
    the run "In Marion", which the first pass does not read as a lone word)."""
    tokens = ctx.tokens
    for i, j in runs:
        k = j if j == i + 1 and tokens[i].key in LOCATIVE else i
        if k != j or tokens[k].start in starts or tokens[k].key not in keys or tokens[k].possessive:
            continue        # "In Marion's view" is a person's
        if k > 0 and tokens[k - 1].key in LOCATIVE:
            emit_place(ctx, k, added)


def _dateline_word(ctx: Context, token: Token) -> bool:
    """A word in capitals that opens its line before a comma: a wire story's dateline."""
    return token.text.isupper() and len(token.text) > 1 and (token.index == 0 or "\n" in token.gap_before) \
        and token.index + 1 < len(ctx.tokens) and ctx.tokens[token.index + 1].gap_before == ", "


def _named_with_its_state(ctx: Context, i: int) -> bool:
    """A word followed by a comma and a state or country that holds a place of its name:
    "Gary, Indiana" and "Gary, IN" are the city, not a man called Gary."""
    tokens, gaz = ctx.tokens, ctx.gazetteer
    if i + 1 >= len(tokens) or tokens[i + 1].gap_before != ", " or not tokens[i + 1].capitalised:
        return False
    nxt = tokens[i + 1]
    units = [c.place for c in gaz.lookup(nxt.key)[:3]
             if c.is_preferred and c.place.feature_type in ("admin1", "country")]
    at = abbreviation_at(ctx.text, nxt.start)
    if at is not None and ctx.on("abbreviation"):
        for entry in at[0]:
            unit = gaz.admin1(entry.target) if entry.is_admin1 else gaz.get(entry.target)
            if unit is not None:
                units.append(unit)
    if not units:
        return False
    for candidate in gaz.lookup(tokens[i].key):
        place = candidate.place
        if place.feature_type not in ("city", "admin2"):
            continue
        if any(place.admin1_code == u.admin1_code if u.feature_type == "admin1"
               else place.country_code == u.country_code for u in units):
            return True
    return False


def _list_members(ctx: Context, runs: list[tuple[int, int]], index: int) -> list[int]:
    """The indexes of the runs in the list that run ``index`` stands in: runs joined by
    commas and a last "and" or "or"."""
    tokens = ctx.tokens

    def joined(a: tuple[int, int], b: tuple[int, int]) -> bool:
        if b[0] == a[1] + 1:
            return tokens[b[0]].gap_before == ", "
        return b[0] == a[1] + 2 and tokens[a[1] + 1].key in _LIST_JOINS \
            and tokens[a[1] + 1].gap_before in (" ", ", ") and tokens[b[0]].gap_before == " "

    first = last = index
    while first > 0 and joined(runs[first - 1], runs[first]):
        first -= 1
    while last + 1 < len(runs) and joined(runs[last], runs[last + 1]):
        last += 1
    return list(range(first, last + 1))


def _listed_with_places(ctx: Context, runs: list[tuple[int, int]], index: int,
                        places_at: dict[int, Recognized]) -> bool:
    """A word in a list whose other members are places, with a namesake in one of their
    countries: in "Buses ran between Tulsa, Enid, Norman and Moore", Norman is the city,
    not a man's given name. A list of people ("Gore, Young and Price") has no places."""
    members = [m for m in _list_members(ctx, runs, index) if m != index]
    if len(members) + 1 < LIST_MEMBERS:
        return False
    places = [places_at[ctx.tokens[runs[m][0]].start] for m in members if ctx.tokens[runs[m][0]].start in places_at]
    if len(places) < LISTED_PLACES:
        return False
    countries = {c.place.country_code for r in places for c in r.candidates[:1]}
    return any(c.place.country_code in countries for c in ctx.gazetteer.lookup(ctx.span_key(*runs[index])))

