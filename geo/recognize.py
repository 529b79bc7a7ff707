"""Recognition: find the spans of an article that name places, and the demonyms.

Gazetteer-driven. Capitalised runs of words are matched against the gazetteer's
folded names, longest first; each match is then weighed against what the text says
around it: is it part of an organisation's or a publication's name, a person's name,
an ordinary word at the start of a sentence? A match must earn enough evidence
(the place's importance, the kind of name it matched, locative context, a type word)
to count. The whole document is read once for people first, so "Massoud" after
"Ahmad Massoud" is a man everywhere in it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from gazetteer.fold import GENERIC_WORDS, fold, split_generic
from gazetteer.kinds import strength_factor, type_agrees
from gazetteer.model import Candidate
from gazetteer.store import Gazetteer
from geo.lexicon import Demonym, Lexicon, load_lexicon
from geo.tokens import Token, tokenize

MAX_NAME_TOKENS = 6
# Lower-case words allowed inside a capitalised name ("Bosnia and Herzegovina",
# "Isle of Man", "Rio de Janeiro") when a capitalised word follows them.
CONNECTORS = frozenset({"of", "de", "del", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "and",
                        "upon", "on", "the", "du", "des", "di", "am", "an", "der", "sur", "en", "y", "e",
                        "i", "ul"})   # Persian and Urdu joins: "Mazar-i-Sharif"
LOCATIVE = frozenset({"in", "at", "near", "from", "to", "into", "outside", "across", "towards", "toward",
                      "through", "via", "around", "throughout", "inside", "between",
                      "visited", "visit", "entered", "reached", "above", "beyond", "past", "along", "off", "north", "south", "east", "west",
                      "northern", "southern", "eastern", "western", "central", "province", "capital"})
PERSON_VERBS = frozenset({"said", "says", "told", "added", "wrote", "insisted", "argued", "explained",
                          "asked", "replied", "noted", "warned"})
NAME_ABBREVIATIONS = frozenset({"st", "ste", "ft", "mt", "pt"})   # "St. Petersburg", "Ft. Worth"
# Lower-case words inside a region's name: "Surigao del Sur", "Mato Grosso do Sul".
NAME_PARTICLES = frozenset({"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "las", "los",
                            "el", "le", "en", "sur", "upon", "on"})
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "col", "sen", "rep", "gov", "lt", "sgt",
                           "capt", "maj", "prof", "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                           "sep", "sept", "oct", "nov", "dec", "no", "vs", "jr", "sr", "inc", "corp", "co"})
ACCEPT = 0.5
STRONG = 0.75      # evidence a place needs where the words around it name something else
EMBEDDED = 0.65     # a place inside an organisation's name must be well known ("Washington Post")
BEFORE_TITLE = 0.6  # "California Governor", "Manitoba Premier", but not "Commerce Secretary"
PUBLICATION_WORDS = frozenset({"post", "times", "journal", "herald", "tribune", "gazette", "telegraph",
                               "guardian", "observer", "chronicle", "news", "press", "presse", "agence",
                               "daily", "weekly", "magazine", "review", "courier", "star", "sun", "mail",
                               "express", "independent", "standard", "examiner", "inquirer", "monitor"})


@dataclass(frozen=True, slots=True)
class Recognized:
    """A span that names a place (or a demonym), with what recognition learned about it."""

    start: int
    end: int
    text: str
    key: str                              # the folded name the candidates were found under
    kind: str = "toponym"                 # "toponym", "demonym" or "embedded" (inside an organisation's name)
    type_hint: str = ""                   # "valley", "admin1" ... from a type word in the text
    candidates: tuple[Candidate, ...] = ()
    evidence: float = 0.0
    qualifier: str = ""                   # folded name after ", " or " in ": "Paris, Texas"
    variant: bool = False
    demonym: Demonym | None = None
    affiliated: bool = False              # leads an organisation's name: "Illinois Department of ..."


@dataclass(slots=True)
class _Context:
    text: str
    gazetteer: Gazetteer
    lexicon: Lexicon
    tokens: list[Token]
    people: set[str] = field(default_factory=set)
    title_case: set[int] = field(default_factory=set)
    lower_words: set[str] = field(default_factory=set)


def _shouting(token: Token) -> bool:
    """An all-capitals word of a dateline or a headline ("SAN ANTONIO Turner Sports"): a
    change between capitals and ordinary case ends a name."""
    return len(token.text) > 1 and token.text.isupper()


def _connector_join(tokens: list[Token], i: int, j: int, text: str, gazetteer: Gazetteer) -> int:
    """Where lower-case connectors after token j lead into a name the gazetteer knows
    ("Isle of Man", "Bay of Bengal", "Republic of the Congo"), the index of the name's
    last token; else 0. "Updates on Afghanistan" is not one name."""
    k = j + 1
    # A capitalised word ends the connectors: in "Surigao del Sur", "Sur" is the name's.
    while k < len(tokens) and k - j <= 2 and tokens[k].key in CONNECTORS and not tokens[k].capitalised \
            and tokens[k].gap_before in (" ", "-"):
        k += 1
    if k >= len(tokens) or k == j + 1 or not tokens[k].capitalised or tokens[k].gap_before not in (" ", "-"):
        return 0
    for last in range(min(k + 2, len(tokens) - 1), k - 1, -1):
        if any(not t.capitalised or t.gap_before not in (" ", "-") for t in tokens[k:last + 1]):
            continue
        for first in range(i, j + 1):
            if gazetteer.has_name(fold(text[tokens[first].start:tokens[last].core_end])):
                return last
    return 0


def _runs(tokens: list[Token], text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens (inclusive index pairs), joined by single spaces
    or hyphens, and by connectors only inside a known name."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if not (token.capitalised or token.caseless):
            i += 1
            continue
        j = i
        while j + 1 < n:
            nxt = tokens[j + 1]
            gap = nxt.gap_before
            if gap not in (" ", "-", "\u00a0") and not (gap == ". " and tokens[j].key in NAME_ABBREVIATIONS):
                break
            if (nxt.capitalised and _shouting(nxt) == _shouting(tokens[j])) or (nxt.caseless and tokens[j].caseless):
                j += 1
                continue
            joined = _connector_join(tokens, i, j, text, gazetteer) if nxt.key in CONNECTORS else 0
            if joined:
                j = joined
                continue
            break
        runs.append((i, j))
        i = j + 1
    return runs


def _span_key(ctx: _Context, i: int, j: int) -> str:
    return fold(ctx.text[ctx.tokens[i].start:ctx.tokens[j].core_end])


def _collect_people(ctx: _Context, runs: list[tuple[int, int]]) -> None:
    """Names of people in this document: runs after a title, and runs that start with
    a given name; their last words are people wherever they stand alone later."""
    lex, tokens = ctx.lexicon, ctx.tokens
    for i, j in runs:
        # A title inside or just before the run: what follows it is a person.
        for k in range(i, j + 1):
            if tokens[k].key in lex.titles and k < j:
                _add_person(ctx, k + 1, j)
                break
        else:
            if _titled(ctx, i, j):
                _add_person(ctx, i, j)
            elif j > i and tokens[i].key in lex.given_names and not ctx.gazetteer.has_name(_span_key(ctx, i, j)):
                _add_person(ctx, i, j)
            elif j == i + 1 and _looks_like_full_name(ctx, i, j):
                _add_person(ctx, i, j)


def _looks_like_full_name(ctx: _Context, i: int, j: int) -> bool:
    """Two capitalised words that are no name of a place, the first of them no place,
    title, demonym or ordinary word either: "Conor McGregor". Its surname is then a
    person wherever it stands alone ("McGregor said")."""
    first = ctx.tokens[i]
    lex, gaz = ctx.lexicon, ctx.gazetteer
    if first.sentence_start or first.text.isupper() or ctx.tokens[j].text.isupper():
        return False
    if first.key in lex.titles or first.key in lex.org_words or first.key in lex.common_words \
            or first.key in DIRECTIONS or first.key in lex.demonyms or first.key in lex.non_places:
        return False
    return not gaz.has_name(first.key) and not gaz.has_name(_span_key(ctx, i, j)) \
        and ctx.tokens[j].key not in GENERIC_WORDS and ctx.tokens[j].key not in FACILITY_WORDS \
        and ctx.tokens[j].key not in lex.org_words


def _add_person(ctx: _Context, i: int, j: int) -> None:
    names = [t.key for t in ctx.tokens[i:j + 1] if t.key not in ctx.lexicon.particles]
    if not names or len(names) == 1 and (_broad_place_word(ctx, names[0]) or names[0] in ctx.lexicon.common_words):
        return
    ctx.people.add(" ".join(names))
    # The last word stands for the person elsewhere ("Mr. Massoud"), unless it is a word a
    # person's name cannot take away from a country ("Minister Slovenia", "President Russian").
    if not _broad_place_word(ctx, names[-1]):
        ctx.people.add(names[-1])


def _broad_place_word(ctx: _Context, key: str) -> bool:
    if key in ctx.lexicon.demonyms:
        return True
    return any(c.place.feature_type in ("country", "continent", "historical_country", "admin1") and c.is_preferred
               for c in ctx.gazetteer.lookup(key)[:5])


def _demonym(ctx: _Context, key: str) -> Demonym | None:
    return ctx.lexicon.demonyms.get(key)


def _evidence(ctx: _Context, candidates: list[Candidate], i: int, j: int, type_hint: str) -> float:
    best = 0.0
    for candidate in candidates[:25]:
        value = candidate.importance * strength_factor(candidate)
        if type_hint and type_agrees(type_hint, candidate.place.feature_type):
            value += 0.3
        best = max(best, value)
    if i > 0 and ctx.tokens[i - 1].key in LOCATIVE:
        best += 0.15
    elif i > 1 and ctx.tokens[i].gap_before == ", " and ctx.tokens[i - 1].capitalised \
            and ctx.gazetteer.has_name(ctx.tokens[i - 1].key):
        best += 0.2   # "Silverstone, Northamptonshire": a unit named after a place
    if j > i:
        best += 0.1
    return best


def _renown(candidates: tuple[Candidate, ...]) -> float:
    """How well known the best place of a name is, whatever the text around it says."""
    return max((c.importance * strength_factor(c) for c in candidates[:25]), default=0.0)


def _acronym(token: Token) -> bool:
    """"BA", "SOL", "NGO"; dotted abbreviations ("N.M.", "U.S.") are spelled-out names."""
    return "." not in token.text and token.text.isupper() and len(token.text) <= 4


def _rejected_single(ctx: _Context, token: Token) -> bool:
    """A lone capitalised word that is more likely not a place at all."""
    lex = ctx.lexicon
    if token.key in lex.non_places or token.key in ctx.people or token.key in lex.titles:
        return True
    if token.key in lex.given_names or token.key in DIRECTIONS:
        return True
    if len(token.key) <= 3 and token.key in lex.common_words and not token.text.isupper():
        return True
    starts_sentence = (token.sentence_start or token.index in ctx.title_case) and not (
        token.index > 0 and ctx.tokens[token.index - 1].key in ABBREVIATIONS)
    if starts_sentence and not token.text.isupper() and (token.key in lex.common_words or token.key in ctx.lower_words):
        return True
    # "University of California", "Bank of Japan", "Summit of the Americas": the head of
    # an institution's or event's name, not the village of University, Florida.
    if token.key in lex.org_words and _followed_by_of_name(ctx.tokens, token.index):
        return True
    return False


def _followed_by_of_name(tokens: list[Token], k: int) -> bool:
    after = tokens[k + 1:k + 4]
    if len(after) < 2 or after[0].key != "of" or after[0].gap_before != " ":
        return False
    return after[1].capitalised or (after[1].key == "the" and len(after) == 3 and after[2].capitalised)


_APPOSITION_STARTS = frozenset({"is", "was", "lies", "sits"})


def _described_in(tokens: list[Token], k: int) -> int | None:
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
        if len(after) == 4 and after[0].key == "the" and after[1].key in _UNIT_WORDS and after[2].key == "of" \
                and after[3].capitalised:
            return index + 4
    return None


_UNIT_WORDS = frozenset(GENERIC_WORDS) | {"canton", "department", "tehsil", "woreda", "commune", "borough",
                                          "township", "oblast", "raion", "governorate", "emirate", "territory"}


def _qualifier(ctx: _Context, j: int, name_key: str = "") -> str:
    """The place named right after a match: "Paris, Texas", "Sandhurst in Britain",
    "Chester is a city in Randolph County"."""
    tokens = ctx.tokens
    if j + 1 >= len(tokens):
        return ""
    nxt = tokens[j + 1]
    start = None
    if nxt.gap_before in (", ", ",\u00a0") and nxt.capitalised:
        start = j + 1
    elif nxt.key == "in" and nxt.gap_before == " " and j + 2 < len(tokens) and tokens[j + 2].capitalised:
        start = j + 2
    elif nxt.key in _APPOSITION_STARTS or (nxt.gap_before.startswith(",") and nxt.key in ("a", "an", "the")):
        start = _described_in(tokens, j + 1)
    if start is None:
        return ""
    end = _name_end(tokens, start)
    for stop in range(end, start - 1, -1):
        key = _span_key(ctx, start, stop)
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


def _name_end(tokens: list[Token], start: int) -> int:
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
        k = _name_end(tokens, k) + 1
    return False


TIME_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                        "january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "today", "tonight", "yesterday", "tomorrow"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                        "central", "greater", "upper", "lower", "northeastern", "northwestern",
                        "southeastern", "southwestern", "north east", "north west", "south east", "south west"})
# Words after a place name that make a facility named after it: the place still counts
# ("Kabul Airport", "Wagah Border").
FACILITY_WORDS = frozenset({"airport", "airfield", "air", "base", "border", "crossing", "dam", "bridge", "port",
                            "harbour", "harbor", "square", "street", "road", "highway", "station", "camp",
                            "checkpoint", "gate", "prison", "jail", "palace", "refinery", "mine", "province",
                            "district", "county", "region", "area", "city", "town", "village",
                            # people of a place: "Oklahoma Republicans", "Kabul residents"
                            "republicans", "republican", "democrats", "democrat", "residents", "voters",
                            "lawmakers", "officials", "authorities", "fans", "natives"})


def _match_run(ctx: _Context, i: int, j: int, out: list[Recognized]) -> None:
    lex, tokens, gaz = ctx.lexicon, ctx.tokens, ctx.gazetteer
    org_at = next((k for k in range(i, j + 1) if tokens[k].key in lex.org_words), None)
    full_key = _span_key(ctx, i, j)
    if _emit_demonym(ctx, i, j, full_key, out):
        return
    if gaz.has_name(full_key) and full_key not in lex.non_places and full_key not in ctx.people:
        if j > i or not _rejected_single(ctx, tokens[i]):
            _emit(ctx, i + 1 if tokens[i].key == "the" and j > i else i, j, full_key, "", out)
        return
    if org_at is not None:
        # Inside an organisation's name only a leading, well-known place counts ("U.S. Navy",
        # "Zimbabwe Football Association"); a publication's name holds no place at all.
        if any(t.key in PUBLICATION_WORDS for t in tokens[i:j + 1]):
            _scan(ctx, i, j, out, places=False, embedded=True)
            return
        if org_at > i:
            # A well-known place leads the name ("U.S. Navy"); a lesser one is linked but
            # stays off the map, as the organisation's place ("Illinois Department of
            # Public Health", "Boise Fire Department").
            before: list[Recognized] = []
            _scan(ctx, i, org_at - 1, before, places=True, min_evidence=EMBEDDED)
            out.extend(r if r.kind != "toponym" or r.evidence >= STRONG
                       else dataclasses.replace(r, kind="embedded", qualifier="", affiliated=True) for r in before)
        _scan(ctx, org_at, j, out, places=False, embedded=True)
        return
    if j == i or tokens[i].index in ctx.title_case or all(t.caseless for t in tokens[i:j + 1]):
        # Scripts without capitals (Arabic, Persian) give no sign of where a name ends.
        _scan(ctx, i, j, out, places=True)
        return
    i = _name_start(ctx, i, j)
    # A title inside the run: a place may stand before it ("Texas Governor Greg Abbott").
    for k in range(i, j + 1):
        if tokens[k].key in lex.titles:
            if k > i:   # "Commerce Secretary" is a department; "Texas Governor" a state
                _match_segment(ctx, i, k - 1, out, min_evidence=BEFORE_TITLE)
            return
    _match_segment(ctx, i, j, out)


def _name_start(ctx: _Context, i: int, j: int) -> int:
    """The run's first token past words that only start the sentence ("In Kabul", "But
    Moscow"). A capitalised direction stays: "West Wing" and "South Side" are names,
    and the segment decides whether the rest is a well-known place ("Northern Kabul")."""
    tokens, lex = ctx.tokens, ctx.lexicon
    while i < j and (tokens[i].key in CONNECTORS or tokens[i].key in LOCATIVE and tokens[i].key not in DIRECTIONS
                     or tokens[i].key in lex.titles
                     or tokens[i].sentence_start and (tokens[i].key in lex.common_words
                                                      or tokens[i].key in ctx.lower_words)):
        i += 1
    return i


# Nouns by which a text says what an unknown name is ("Chibok, a town in Borno State"),
# with the type they give it.
PLACE_NOUNS = {
    "town": "city", "village": "city", "city": "city", "hamlet": "city", "suburb": "city", "settlement": "city",
    "community": "city", "neighbourhood": "city", "neighborhood": "city", "township": "city", "borough": "city",
    "commune": "city", "oasis": "city", "port": "city", "capital": "city", "municipality": "admin2",
    "district": "admin2", "county": "admin2", "province": "admin1", "valley": "valley", "island": "island",
    "river": "river", "lake": "lake", "mountain": "mountain",
}


def _described_places(ctx: _Context, runs: list[tuple[int, int]], found: list[Recognized]) -> list[Recognized]:
    """Names recognition passed over that the text itself calls a place inside a place
    the gazetteer knows: "Chibok, a town in Borno State", "Quillbarrow is a village in
    Kent". Resolution looks for them inside that container, and pins them at it when
    the gazetteer has none there."""
    tokens, lex = ctx.tokens, ctx.lexicon
    covered = bytearray(len(ctx.text))   # characters already inside a found name
    for r in found:
        covered[r.start:r.end] = b"\1" * (r.end - r.start)
    added: list[Recognized] = []

    def add(i: int, j: int, key: str, kind: str, qualifier: str) -> None:
        start, end = tokens[i].start, tokens[j].core_end
        # The gazetteer may know the name after all ("Frederica, a small town in Kent
        # County"), its evidence too weak alone: its entries go with it to be ranked.
        added.append(Recognized(start, end, ctx.text[start:end], key, type_hint=kind, evidence=ACCEPT,
                                qualifier=qualifier, candidates=tuple(ctx.gazetteer.lookup(key))))
        covered[start:end] = b"\1" * (end - start)

    def free(i: int, j: int) -> bool:
        return 1 not in covered[tokens[i].start:tokens[j].core_end]

    for i, j in runs:
        kind = _described_kind(tokens, j)
        if not kind:
            continue
        i = _name_start(ctx, i, j)
        if not free(i, j) or _person_run(ctx, i, j) or (i == j and _rejected_single(ctx, tokens[i])) \
                or any(t.key in lex.org_words for t in tokens[i:j + 1]):
            continue
        key = _span_key(ctx, i, j)
        qualifier = _qualifier(ctx, j, key)
        if qualifier and key and key != qualifier and key not in lex.non_places and key not in lex.demonyms:
            add(i, j, key, kind, qualifier)
    # Once the text has said what the name is, its other mentions name the same place
    # ("Residents of Chibok fled").
    # Each takes the description's qualifier, so a mention before it joins it too.
    kinds = {r.key: (r.type_hint, r.qualifier) for r in added}
    for i, j in runs if kinds else ():
        i = _name_start(ctx, i, j)
        key = _span_key(ctx, i, j)
        if key in kinds and free(i, j):
            add(i, j, key, *kinds[key])
    return sorted(found + added, key=lambda r: r.start) if added else found


def _described_kind(tokens: list[Token], j: int) -> str:
    """The place type after "<name>, a small farming town in" or "<name> is a village of"."""
    k = j + 1
    if k >= len(tokens):
        return ""
    if tokens[k].key in _APPOSITION_STARTS and tokens[k].gap_before == " ":
        k += 1
    elif not tokens[k].gap_before.startswith(","):
        return ""
    if k >= len(tokens) or tokens[k].key not in ("a", "an", "the"):
        return ""
    for index in range(k + 1, min(k + 5, len(tokens) - 1)):
        token = tokens[index]
        # Only modifiers before the noun: "Okonkwo, the head of a village in Borno" is a man.
        if token.capitalised or token.sentence_start or token.key in LOCATIVE or token.key in CONNECTORS:
            return ""
        if token.key in PLACE_NOUNS:
            return PLACE_NOUNS[token.key] if tokens[index + 1].key in ("in", "of") else ""
    return ""


def _match_segment(ctx: _Context, i: int, j: int, out: list[Recognized], *, min_evidence: float = 0.0) -> None:
    """Several capitalised words in a row are one name. If no single place covers them
    (allowing "Northern ..." and "... Airport"), they name something else, a person or a
    team ("Paris Hilton", "Jordan Peterson"), and only demonyms inside count."""
    tokens, non_places = ctx.tokens, ctx.lexicon.non_places
    first, last = i, j
    # "Northern Kabul", "Kabul Airport", "Moscow Thursday": words around a name, not of it,
    # unless they make a name the gazetteer knows ("In Oklahoma City", "North Carolina").
    if not ctx.gazetteer.has_name(_span_key(ctx, i, j)):
        while first < last and (tokens[first].key in DIRECTIONS or tokens[first].key in non_places):
            first += 1
        while last > first and (tokens[last].key in FACILITY_WORDS or tokens[last].key in non_places):
            last -= 1
    # Words of a name trimmed off ("Pearl Harbor", "Rogers Centre"), not a date ("Annapolis Tuesday").
    trimmed = any(t.key not in TIME_WORDS for t in (*tokens[i:first], *tokens[last + 1:j + 1]))
    found: list[Recognized] = []
    _scan(ctx, first, last, found, places=True, min_evidence=min_evidence)
    whole = [r for r in found if r.kind == "toponym" and r.start == tokens[first].start
             and r.end >= tokens[last].core_end]
    if trimmed:
        # Only a well-known place stands in a name with words around it ("Kabul Airport",
        # "Northern Kabul"), whatever the words before it: "at Pearl Harbor" is not at
        # Pearl, Mississippi.
        whole = [r for r in whole if _renown(r.candidates) >= EMBEDDED]
    # "Asia-Pacific", "Russia-Ukraine": names joined by hyphens are each a name.
    hyphenated = last > first and all(t.gap_before == "-" for t in tokens[first + 1:last + 1])
    if first == last and (first, last) == (i, j) or whole or hyphenated:
        out.extend(found)
        return
    out.extend(r for r in found if r.kind == "demonym")
    # "Cambridge Analytica", "Air Zimbabwe", "Texas Rangers": a well-known place inside a
    # name of something else is linked to it, but kept off the map.
    for r in found:
        if r.kind == "toponym" and r.evidence >= EMBEDDED:
            out.append(dataclasses.replace(r, kind="embedded", qualifier=""))


def _scan(ctx: _Context, i: int, j: int, out: list[Recognized], *, places: bool, min_evidence: float = 0.0,
          embedded: bool = False) -> None:
    """Longest matches, left to right, inside tokens i..j. With ``embedded``, places that
    are only part of an organisation's name ("The New York Times") are kept as such."""
    lex, tokens, gaz = ctx.lexicon, ctx.tokens, ctx.gazetteer
    k = i
    while k <= j:
        matched = False
        for stop in range(min(j, k + MAX_NAME_TOKENS - 1), k - 1, -1):
            key = _span_key(ctx, k, stop)
            if not key or tokens[stop].key in CONNECTORS:
                continue
            if _emit_demonym(ctx, k, stop, key, out):
                k, matched = stop + 1, True
                break
            if not (places or embedded) or key in lex.non_places or key in ctx.people:
                continue
            hint = ""
            if not gaz.has_name(key):
                # "Panjshir Valley" without its own entry: the core name, typed by its generic word.
                core, hint = split_generic(key)
                if core == key or stop == k or not gaz.has_name(core):
                    continue
                key = core
            if stop == k and _rejected_single(ctx, tokens[k]):
                break
            start_token = k + 1 if tokens[k].key == "the" and stop > k else k
            if places:
                _emit(ctx, start_token, stop, key, hint, out, min_evidence=min_evidence)
            else:
                _emit(ctx, start_token, stop, key, hint, out, min_evidence=EMBEDDED, kind="embedded")
            k, matched = stop + 1, True
            break
        if not matched:
            k += 1


def _emit_demonym(ctx: _Context, i: int, j: int, key: str, out: list[Recognized]) -> bool:
    demonym = _demonym(ctx, key)
    if demonym is None:
        return False
    if ctx.tokens[i].key == "the" and j > i:
        i += 1
    start, end = ctx.tokens[i].start, ctx.tokens[j].core_end
    out.append(Recognized(start, end, ctx.text[start:end], key, kind="demonym", demonym=demonym))
    return True


def _title_case_lines(tokens: list[Token]) -> set[int]:
    """Indexes of tokens on headline-style lines, where every word is capitalised and
    capitals say nothing about names."""
    result: set[int] = set()
    line: list[Token] = []

    def close() -> None:
        long_words = [t for t in line if len(t.text) > 3]
        if len(line) >= 3 and long_words and sum(t.capitalised for t in long_words) / len(long_words) >= 0.8:
            result.update(t.index for t in line)

    for token in tokens:
        if line and "\n" in token.gap_before:
            close()
            line = []
        line.append(token)
    close()
    return result


def _emit(ctx: _Context, i: int, j: int, key: str, hint: str, out: list[Recognized], *,
          min_evidence: float = 0.0, kind: str = "toponym") -> None:
    tokens, gaz = ctx.tokens, ctx.gazetteer
    end = tokens[j].core_end
    # A lower-case type word after the name belongs to it: "Salang tunnel", "Kabul province".
    if j + 1 < len(tokens) and not tokens[j].possessive:
        nxt = tokens[j + 1]
        if nxt.gap_before == " " and not nxt.capitalised and nxt.key in GENERIC_WORDS:
            longer = fold(ctx.text[tokens[i].start:nxt.core_end])
            if gaz.has_name(longer):
                key, end, j = longer, nxt.core_end, j + 1
            else:
                hint, end, j = GENERIC_WORDS[nxt.key], nxt.core_end, j + 1
    if not hint:
        last = key.rsplit(" ", 1)[-1]
        hint = GENERIC_WORDS.get(last, "") if " " in key else ""
    if not hint and i > 1 and tokens[i - 1].key == "of" and tokens[i - 2].key in GENERIC_WORDS:
        hint = GENERIC_WORDS[tokens[i - 2].key]   # "the state of Delaware", "the city of Mosul"
    candidates = gaz.lookup(key)
    if not candidates:
        return
    if i == j and _acronym(tokens[i]) and not any(
            c.place.feature_type in ("country", "historical_country", "region") and c.is_preferred
            and c.matched_name.isupper() for c in candidates):
        return   # "BA", "SOL", "IS": acronyms, unless a country's or union's own ("US", "UAE", "EU")
    evidence = _evidence(ctx, candidates, i, j, hint)
    if evidence < max(ACCEPT, min_evidence):
        return
    out.append(Recognized(tokens[i].start, end, ctx.text[tokens[i].start:end], key, kind=kind, type_hint=hint,
                          candidates=tuple(candidates), evidence=round(evidence, 3),
                          qualifier=_qualifier(ctx, j, key)))


def recognize(text: str, gazetteer: Gazetteer, *, lexicon: Lexicon | None = None) -> list[Recognized]:
    """Place-name and demonym spans in ``text``, in order.

    >>> [r.text for r in recognize("Fighting reached Kabul and the Panjshir Valley.", gaz)]  # doctest: +SKIP
    ['Kabul', 'Panjshir Valley']
    """
    lexicon = lexicon or load_lexicon()
    tokens = tokenize(text)
    ctx = _Context(text, gazetteer, lexicon, tokens)
    ctx.lower_words = {t.key for t in tokens if not t.capitalised and not t.caseless}
    runs = _runs(tokens, text, gazetteer)
    ctx.title_case = _title_case_lines(tokens)
    _collect_people(ctx, runs)
    found: list[Recognized] = []
    for i, j in runs:
        if _person_run(ctx, i, j):
            continue
        _match_run(ctx, i, j, found)
    return _drop_person_verbs(ctx, _described_places(ctx, runs, found))


def qualifiers_of(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer) -> dict[tuple[int, int], str]:
    """The qualifier after each given span ("Paris, Texas" -> "texas"), for spans a
    user's own recogniser found: (start, end) -> folded qualifier, where there is one."""
    ctx = _Context(text, gazetteer, load_lexicon(), tokenize(text))
    last_token = {t.core_end: t.index for t in ctx.tokens}
    last_token.update({t.end: t.index for t in ctx.tokens})
    found = {}
    for start, end in spans:
        index = last_token.get(end)
        if index is not None:
            qualifier = _qualifier(ctx, index, fold(text[start:end]))
            if qualifier:
                found[(start, end)] = qualifier
    return found


def _person_run(ctx: _Context, i: int, j: int) -> bool:
    key = _span_key(ctx, i, j)
    if key in ctx.people:
        return True
    # "former Russian agent", "President Obama": a title makes a person, but not of a
    # nationality or a country, nor a name between two titles: "former Louisville coach",
    # "former Texas governor" name the place of the office.
    return _titled(ctx, i, j) and not (i == j and _broad_place_word(ctx, key))


def _titled(ctx: _Context, i: int, j: int) -> bool:
    """A run right after a title, and not followed by another: "President Obama", but
    not "former Louisville coach" or "former Texas governor", the office's place."""
    if not _after_title(ctx, i):
        return False
    after = ctx.tokens[j + 1] if j + 1 < len(ctx.tokens) else None
    return not (after is not None and after.gap_before == " " and not after.capitalised
                and after.key in ctx.lexicon.titles)


def _after_title(ctx: _Context, i: int) -> bool:
    """Right after a title: "Mr. Massoud", "President Biden" (not across other punctuation)."""
    return i > 0 and ctx.tokens[i - 1].key in ctx.lexicon.titles and ctx.tokens[i].gap_before in (" ", ". ")


def _drop_person_verbs(ctx: _Context, found: list[Recognized]) -> list[Recognized]:
    """"Saleh said": a minor place name followed by a speech verb is a person."""
    kept = []
    ends = {t.core_end: t.index for t in ctx.tokens}
    for item in found:
        index = ends.get(item.end)
        if item.kind == "toponym" and index is not None and index + 1 < len(ctx.tokens):
            nxt = ctx.tokens[index + 1]
            if nxt.key in PERSON_VERBS and nxt.gap_before == " " and item.evidence < STRONG:
                continue
        kept.append(item)
    return kept
