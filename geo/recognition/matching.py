"""Matching: the names inside a run of capitalised words, longest first, each weighed
against what the text says around it (an organisation's name, a title, a type word)."""

from __future__ import annotations

import dataclasses

from gazetteer.fold import GENERIC_WORDS, fold, split_generic
from gazetteer.kinds import strength_factor, type_agrees
from gazetteer.model import Candidate
from geo.recognition.model import Context, Recognized
from geo.recognition.qualifiers import name_end, qualifier_after
from geo.recognition.vetoes import match_vetoed, name_vetoed, word_vetoed
from geo.recognition.weights import (
    ACCEPT, BEFORE_TITLE, CANDIDATES_WEIGHED, COMMA_UNIT_BONUS, EMBEDDED, LOCATIVE_BONUS, MULTIWORD_BONUS, STRONG,
    STRUCTURE_WORD_BONUS, TYPE_WORD_BONUS,
)
from geo.recognition.words import (
    BUILT_PLACE_WORDS, CONNECTORS, DIRECTIONS, FACILITY_WORDS, FOREIGN_ARTICLES, LOCATIVE, LOCATIVES_WITH_OF,
    MAX_NAME_TOKENS,
    FEATURE_WORDS, PUBLICATION_WORDS, STRUCTURE_WORDS, TIME_WORDS,
)


def evidence_for(ctx: Context, key: str, candidates: list[Candidate], i: int, j: int, type_hint: str) -> float:
    """How strongly tokens i..j name one of ``candidates``, the gazetteer's entries of
    ``key``, here (see ``weights``)."""
    best = best_candidate_weight(ctx, key, candidates, type_hint if ctx.on("type_word") else "")
    if i > 0 and ctx.tokens[i - 1].key in LOCATIVE:
        if ctx.on("locative"):
            best += LOCATIVE_BONUS
    elif ctx.on("coordinated_locative") and _listed_after_locative(ctx.tokens, i):
        best += LOCATIVE_BONUS      # "in Denver and Boulder": the list shares its "in"
    elif ctx.on("locative_of") and i > 1 and ctx.tokens[i - 1].key == "of" \
            and ctx.tokens[i - 2].key in LOCATIVES_WITH_OF and ctx.tokens[i - 1].gap_before == " ":
        best += LOCATIVE_BONUS      # "north of Carberry", "out of Casterton"
    elif ctx.on("on_an_island") and i > 0 and ctx.tokens[i - 1].key == "on" \
            and any(c.place.feature_type == "island" for c in candidates):
        best += LOCATIVE_BONUS      # "prices rose on Oahu": one is on an island, in a town
    elif i > 1 and ctx.tokens[i].gap_before == ", " and ctx.tokens[i - 1].capitalised \
            and ctx.gazetteer.has_name(ctx.tokens[i - 1].key) and ctx.on("comma_unit"):
        best += COMMA_UNIT_BONUS   # "Silverstone, Northamptonshire": a unit named after a place
    if j > i and ctx.on("multiword"):
        best += MULTIWORD_BONUS
    return best


# How many tokens back a list may reach for its locative word: "in Denver, Aurora,
# Lakewood and Boulder" is eight.
LIST_REACH_TOKENS = 8


def _listed_after_locative(tokens: list, i: int) -> bool:
    """Token i is in a list of capitalised names, joined by "and" or "or", that starts
    right after a locative word: "in Denver and Boulder", "from Tulsa, Enid or Norman".
    Commas alone make no list: "at Brennock, Wexley" is a town and its district."""
    listed = False
    k = i - 1
    while k >= 0 and i - k <= LIST_REACH_TOKENS:
        token = tokens[k]
        if token.key in LOCATIVE:       # before "capitalised": "In Denver and Boulder"
            # "between Ames and Souris" is no list: the spatial stage reads its second
            # name, as the namesake within a drive of the first (BETWEEN_PARTNER_KM).
            return listed and k + 1 < i and token.key != "between"
        if token.sentence_start:
            return False        # a list stays in its sentence: "in Denver. And Boulder said"
        if token.key in ("and", "or"):
            listed = True
        elif not token.capitalised:
            return False
        k -= 1
    return False


def best_candidate_weight(ctx: Context, key: str, candidates: list[Candidate], type_hint: str = "") -> float:
    """The weight of the best of ``candidates``, the gazetteer's entries of ``key``: its
    importance times how far the name is trusted, with the type word's bonus where its
    type agrees with ``type_hint``. Kept for the document: a name recurs, and its
    candidates (up to ``CANDIDATES_WEIGHED``) are weighed once."""
    weight = ctx.candidate_weights.get((key, type_hint))
    if weight is None:
        weight = 0.0
        for candidate in candidates[:CANDIDATES_WEIGHED]:
            value = candidate.importance * strength_factor(candidate)
            if type_hint and type_agrees(type_hint, candidate.place.feature_type):
                value += TYPE_WORD_BONUS
            weight = max(weight, value)
        ctx.candidate_weights[(key, type_hint)] = weight
    return weight


def renown(candidates: tuple[Candidate, ...]) -> float:
    """How well known the best place of a name is, whatever the text around it says."""
    return max((c.importance * strength_factor(c) for c in candidates[:CANDIDATES_WEIGHED]), default=0.0)


def name_start(ctx: Context, i: int, j: int) -> int:
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


def match_run(ctx: Context, i: int, j: int, out: list[Recognized]) -> None:
    """The places and demonyms of one run of capitalised words, appended to ``out``; a
    street's or a building's name in which nothing else was found is a place itself."""
    before = len(out)
    _match_run(ctx, i, j, out)
    if len(out) == before and ctx.on("built_place"):
        _emit_built_place(ctx, i, j, out)


def _emit_built_place(ctx: Context, i: int, j: int, out: list[Recognized]) -> None:
    """A run ending in a street's or a building's word that holds no place the gazetteer
    knows names one it lacks: "Royal Street", "Barclays Center" are listed unresolved
    (with the gazetteer's entries where it has the whole name). Headline capitals and
    names with a title in them are left alone."""
    tokens = ctx.tokens
    if tokens[j].key not in BUILT_PLACE_WORDS or tokens[j].possessive or tokens[i].index in ctx.title_case:
        return
    i = name_start(ctx, i + 1 if tokens[i].key == "the" else i, j)
    if j == i or any(t.key in ctx.lexicon.titles for t in tokens[i:j + 1]):
        return
    key = ctx.span_key(i, j)
    if not name_vetoed(ctx, i, j, key):
        _append_whole_name(ctx, i, j, key, ctx.gazetteer.lookup(key), ACCEPT, out)


def _append_whole_name(ctx: Context, i: int, j: int, key: str, candidates: list[Candidate], evidence: float,
                       out: list[Recognized]) -> None:
    """Tokens i..j as one place name, with the gazetteer's entries of it (none: unresolved)."""
    start, end = ctx.tokens[i].start, ctx.tokens[j].core_end
    out.append(Recognized(start, end, ctx.text[start:end], key, candidates=tuple(candidates),
                          evidence=round(evidence, 3), qualifier=qualifier_after(ctx, j, key)))


def _match_run(ctx: Context, i: int, j: int, out: list[Recognized]) -> None:
    lex, tokens, gaz = ctx.lexicon, ctx.tokens, ctx.gazetteer
    full_key = ctx.span_key(i, j)
    if _emit_demonym(ctx, i, j, full_key, out):
        return
    if ctx.on("named_structure") and _emit_structure(ctx, i, j, out, STRUCTURE_WORDS):
        return
    if ctx.on("named_feature") and _emit_structure(ctx, i, j, out, FEATURE_WORDS, rest_may_name_it=True):
        return
    if gaz.has_name(full_key) and not name_vetoed(ctx, i, j, full_key):
        first = i + 1 if tokens[i].key == "the" and j > i else i
        # One word, or "the" and one word ("The Olympic"): the lone-word vetoes apply.
        if j > first or not word_vetoed(ctx, tokens[first]):
            _emit(ctx, first, j, full_key, "", out)
        return
    org_at = _org_word_at(ctx, i, j) if ctx.on("organisation_name") else None
    if org_at is not None:
        # Inside an organisation's name only a leading, well-known place counts ("U.S. Navy",
        # "Zimbabwe Football Association"); a publication's name holds no place at all.
        if ctx.on("publication_name") and any(t.key in PUBLICATION_WORDS for t in tokens[i:j + 1]):
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
    i = name_start(ctx, i, j)
    # A title inside the run: a place may stand before it ("Texas Governor Greg Abbott").
    for k in range(i, j + 1):
        if tokens[k].key in lex.titles:
            if k > i:   # "Commerce Secretary" is a department; "Texas Governor" a state
                _match_segment(ctx, i, k - 1, out, min_evidence=BEFORE_TITLE)
            return
    _match_segment(ctx, i, j, out)


def _org_word_at(ctx: Context, i: int, j: int) -> int | None:
    """The first word of tokens i..j that marks an institution's name ("Department",
    "Navy"), or None."""
    tokens, org_words = ctx.tokens, ctx.lexicon.org_words
    for k in range(i, j + 1):
        if tokens[k].key in org_words:
            return k
    return None


def _emit_structure(ctx: Context, i: int, j: int, out: list[Recognized], last_words: frozenset[str], *,
                    rest_may_name_it: bool = False) -> bool:
    """A run that ends in one of ``last_words``, a structure's or a natural feature's
    word, names one place: "the Kotri Barrage" is the barrage and "the Medicine Bow
    Mountains" the range, with the gazetteer's entries of that name, or none (it is then
    listed unresolved), never the town of Kotri inside an organisation's name or Bow
    inside the range's. Whether it applied: a headline's capitals ("Floods Threaten The
    Dam") and a name with an institution's or a title's word in it are left to the
    other rules. With ``rest_may_name_it`` (natural features) only an unknown name is
    read here, and not even one whose words before the last are a known place: the
    gazetteer's "Panjshir Valley" keeps its type word's evidence, "Thames Valley" is
    along the Thames and "St. Louis Hills" in St. Louis, while "Medicine Bow" is no
    known place and only its "Bow" is."""
    tokens, lex = ctx.tokens, ctx.lexicon
    if tokens[j].key not in last_words or tokens[j].possessive or tokens[i].index in ctx.title_case:
        return False
    if tokens[i].key == "the":
        i += 1
    if not ctx.gazetteer.has_name(ctx.span_key(i, j)):
        # Words that only start the sentence are not the structure's ("In Kotri Barrage");
        # a known name keeps them all ("Grand Ethiopian Renaissance Dam").
        i = name_start(ctx, i, j)
    if j == i or any(t.key in lex.org_words or t.key in lex.titles for t in tokens[i:j + 1]) \
            and not ctx.gazetteer.has_name(ctx.span_key(i, j)):
        return False
    key = ctx.span_key(i, j)
    if rest_may_name_it and (ctx.gazetteer.has_name(key) or ctx.gazetteer.has_name(ctx.span_key(i, j - 1))
                             or tokens[i].key in lex.given_names or key in ctx.people):
        return False    # a known name, a feature of a known place, or a person ("Greg Valley")
    if name_vetoed(ctx, i, j, key):
        return True
    candidates = ctx.gazetteer.lookup(key)
    evidence = evidence_for(ctx, key, candidates, i, j, "") + STRUCTURE_WORD_BONUS
    _append_whole_name(ctx, i, j, key, candidates, evidence, out)
    return True


def _match_segment(ctx: Context, i: int, j: int, out: list[Recognized], *, min_evidence: float = 0.0) -> None:
    """Several capitalised words in a row are one name. If no single place covers them
    (allowing "Northern ..." and "... Airport"), they name something else, a person or a
    team ("Paris Hilton", "Jordan Peterson"), and only demonyms inside count."""
    tokens, non_places = ctx.tokens, ctx.lexicon.non_places
    first, last = i, j
    # "Northern Kabul", "Kabul Airport", "Moscow Thursday": words around a name, not of it,
    # unless they make a name the gazetteer knows ("In Oklahoma City", "North Carolina").
    if not ctx.gazetteer.has_name(ctx.span_key(i, j)):
        while first < last and (tokens[first].key in DIRECTIONS or tokens[first].key in non_places
                                or tokens[first].key in FOREIGN_ARTICLES and ctx.on("foreign_article")):
            first += 1
        while last > first and (tokens[last].key in FACILITY_WORDS or tokens[last].key in non_places):
            last -= 1
    # Words of a name trimmed off ("Pearl Harbor", "Rogers Centre"), not a date ("Annapolis Tuesday").
    trimmed = any(t.key not in TIME_WORDS and t.key not in FOREIGN_ARTICLES
                  for t in (*tokens[i:first], *tokens[last + 1:j + 1]))
    found: list[Recognized] = []
    _scan(ctx, first, last, found, places=True, min_evidence=min_evidence)
    whole = [r for r in found if r.kind == "toponym" and r.start == tokens[first].start
             and r.end >= tokens[last].core_end]
    if trimmed and ctx.on("trimmed_name_needs_renown"):
        # Only a well-known place stands in a name with words around it ("Kabul Airport",
        # "Northern Kabul"), whatever the words before it: "at Pearl Harbor" is not at
        # Pearl, Mississippi.
        whole = [r for r in whole if renown(r.candidates) >= EMBEDDED]
    # "Asia-Pacific", "Russia-Ukraine": names joined by hyphens are each a name.
    hyphenated = last > first and all(t.gap_before == "-" for t in tokens[first + 1:last + 1])
    if first == last and (first, last) == (i, j) or whole or hyphenated or not ctx.on("name_of_something_else"):
        out.extend(found)
        return
    out.extend(r for r in found if r.kind == "demonym")
    # "Cambridge Analytica", "Air Zimbabwe", "Texas Rangers": a well-known place inside a
    # name of something else is linked to it, but kept off the map.
    for r in found:
        if r.kind == "toponym" and r.evidence >= EMBEDDED:
            out.append(dataclasses.replace(r, kind="embedded", qualifier=""))


def _scan(ctx: Context, i: int, j: int, out: list[Recognized], *, places: bool, min_evidence: float = 0.0,
          embedded: bool = False) -> None:
    """Longest matches, left to right, inside tokens i..j. With ``embedded``, places that
    are only part of an organisation's name ("The New York Times") are kept as such."""
    tokens, gaz = ctx.tokens, ctx.gazetteer
    k = i
    while k <= j:
        matched = False
        for stop in range(min(j, k + MAX_NAME_TOKENS - 1), k - 1, -1):
            key = ctx.span_key(k, stop)
            if not key or tokens[stop].key in CONNECTORS:
                continue
            if _emit_demonym(ctx, k, stop, key, out):
                k, matched = stop + 1, True
                break
            if not (places or embedded) or name_vetoed(ctx, k, stop, key):
                continue
            hint = ""
            if not gaz.has_name(key):
                # "Panjshir Valley" without its own entry: the core name, typed by its generic word.
                core, hint = split_generic(key)
                if core == key or stop == k or not gaz.has_name(core):
                    continue
                key = core
            if stop == k and word_vetoed(ctx, tokens[k]):
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


def _emit_demonym(ctx: Context, i: int, j: int, key: str, out: list[Recognized]) -> bool:
    demonym = ctx.lexicon.demonyms.get(key)
    if demonym is None:
        return False
    if ctx.tokens[i].key == "the" and j > i:
        i += 1
    start, end = ctx.tokens[i].start, ctx.tokens[j].core_end
    out.append(Recognized(start, end, ctx.text[start:end], key, kind="demonym", demonym=demonym))
    return True


def _plural_type(word: str) -> str:
    """The type a plural type word gives: "provinces" -> "admin1", "counties" -> "admin2"."""
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else ""
    return GENERIC_WORDS.get(singular, "") if singular else ""


def _coordinated_type(ctx: Context, j: int) -> str:
    """The type a plural type word after two coordinated names gives both: in "Idlib and
    Hama provinces" ("Kent and Sussex counties") Idlib is a province too."""
    tokens = ctx.tokens
    if j + 1 < len(tokens) and not tokens[j].possessive and tokens[j + 1].gap_before == " " \
            and not tokens[j + 1].capitalised and (hint := _plural_type(tokens[j + 1].key)):
        return hint          # the second name: "Hama provinces"
    if j + 2 >= len(tokens) or tokens[j + 1].key != "and" or not tokens[j + 2].capitalised:
        return ""
    end = name_end(tokens, j + 2)
    if end + 1 < len(tokens) and tokens[end + 1].gap_before == " " and not tokens[end + 1].capitalised:
        return _plural_type(tokens[end + 1].key)
    return ""


def emit_place(ctx: Context, i: int, out: list[Recognized]) -> None:
    """Token i as a place, if its evidence reaches acceptance, whatever the lone-word
    vetoes said of it (for a word the text places by its company: ``company``)."""
    _emit(ctx, i, i, ctx.tokens[i].key, "", out)


def _emit(ctx: Context, i: int, j: int, key: str, hint: str, out: list[Recognized], *,
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
    if not hint and ctx.on("coordinated_type_word"):
        hint = _coordinated_type(ctx, j)    # "Idlib and Hama provinces"
    if not hint:
        last = key.rsplit(" ", 1)[-1]
        hint = GENERIC_WORDS.get(last, "") if " " in key else ""
    if not hint and i > 1 and tokens[i - 1].key == "of" and tokens[i - 2].key in GENERIC_WORDS:
        hint = GENERIC_WORDS[tokens[i - 2].key]   # "the state of Delaware", "the city of Mosul"
    candidates = gaz.lookup(key)
    if not candidates:
        return
    if i == j and match_vetoed(ctx, tokens[i], candidates):
        return
    evidence = evidence_for(ctx, key, candidates, i, j, hint)
    if evidence < max(ACCEPT, min_evidence):
        return
    out.append(Recognized(tokens[i].start, end, ctx.text[tokens[i].start:end], key, kind=kind, type_hint=hint,
                          candidates=tuple(candidates), evidence=round(evidence, 3),
                          qualifier=qualifier_after(ctx, j, key)))
