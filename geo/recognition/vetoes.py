"""Vetoes: named reasons why a name the gazetteer knows is not a place here.

Each veto is a row of a table: a name (what ``--without NAME`` switches off), the
condition (a plain function whose docstring says what it means, with an example) and
the reason it gives. The tables differ only in what the condition looks at:

- ``NAME_VETOES``: a whole folded name, of any length;
- ``WORD_VETOES``: a lone capitalised word, in its place in the text;
- ``RUN_VETOES``: a run of capitalised words, before any lookup;
- ``MATCH_VETOES``: a lone word with the places it matched;
- ``MENTION_VETOES``: a recognised mention with the word after it.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass

from gazetteer.fold import fold
from gazetteer.kinds import strength_factor
from gazetteer.model import Candidate
from geo.recognition.model import Context, Recognized, Rejection
from geo.recognition.qualifiers import qualified_here
from geo.recognition.weights import CANDIDATES_WEIGHED, MINOR_RENOWN, STRONG
from geo.recognition.words import (
    ABBREVIATIONS, DIRECTIONS, LOCATIVES_WITH_OF, PERSON_VERBS, PLACING_WITH_OF, SPATIAL_LOCATIVE, TRUST_NOUNS,
)
from geo.tokens import Token


@dataclass(frozen=True, slots=True)
class Veto:
    """One named veto: when ``condition`` holds, the name is no place, for ``reason``."""

    name: str
    condition: Callable[..., bool]
    reason: str
    # A rule that lifts the veto at one mention, and when (on the context, the name's
    # last token and its folded name): "Peter Grantham" is a man, "Grantham, Lincolnshire" a town.
    lifted_by: str = ""
    lifted_when: Callable[[Context, int, str], bool] | None = None

    @property
    def meaning(self) -> str:
        """The condition's docstring: what the veto means, with an example."""
        return " ".join((self.condition.__doc__ or "").split())


# -- on a whole name ------------------------------------------------------------------

def _listed_non_place(ctx: Context, key: str) -> bool:
    """A name the lexicon lists as never a place in news: "Friday" is no hamlet of that name."""
    return key in ctx.lexicon.non_places


def _known_person(ctx: Context, key: str) -> bool:
    """A person this document names: "Massoud" after "Ahmad Massoud" is the man, not a village."""
    return key in ctx.people


NAME_VETOES = (
    Veto("non_place_name", _listed_non_place, "listed as a word that is never a place"),
    Veto("known_person", _known_person, "a person named in this article",
         lifted_by="qualified_person_name", lifted_when=qualified_here),
)


# -- on a lone capitalised word -------------------------------------------------------

def _title_word(ctx: Context, token: Token) -> bool:
    """A title standing alone: "the Governor said" names no Governor, a hamlet."""
    return token.key in ctx.lexicon.titles


def _given_name(ctx: Context, token: Token) -> bool:
    """A given name standing alone: "Mark" in "Mark left early" is no place called Mark,
    unless this mention is put on a map ("staff in Brandon", ``placed_given_name``)."""
    if token.key not in ctx.lexicon.given_names:
        return False
    return not (ctx.on("placed_given_name") and token.key not in ctx.people and _placed_here(ctx.tokens, token))


def _placed_here(tokens: list[Token], token: Token) -> bool:
    """Whether a word stands alone right after words that only place ("in Brandon",
    "near Brandon", "the outskirts of Brandon", "north of Brandon"): not "to Norman"
    (given), "faith in Gordon", "to Ben Elton" or "in Mark's hall"."""
    k = token.index
    if k == 0 or token.possessive or token.gap_before != " ":
        return False
    before = tokens[k - 1].key
    if not (before in SPATIAL_LOCATIVE or before == "of" and k > 1 and tokens[k - 2].key in PLACING_WITH_OF):
        return False
    if k + 1 < len(tokens) and tokens[k + 1].capitalised and tokens[k + 1].gap_before == " ":
        return False
    return not (k > 1 and tokens[k - 2].key in TRUST_NOUNS)


def _direction_word(ctx: Context, token: Token) -> bool:
    """A direction standing alone: "North" in "heading North" is no town called North."""
    return token.key in DIRECTIONS


def _short_common_word(ctx: Context, token: Token) -> bool:
    """A common word of three letters or fewer, not in capitals: "Ice" and "Bar" are words, not villages."""
    return len(token.key) <= 3 and token.key in ctx.lexicon.common_words and not token.text.isupper()


def _sentence_start_common_word(ctx: Context, token: Token) -> bool:
    """A common word, or one the text also writes in lower case, capitalised only because it
    starts a sentence or a headline line: "Hope remains" is not Hope, Arkansas."""
    starts_sentence = (token.sentence_start or token.index in ctx.title_case) and not (
        token.index > 0 and ctx.tokens[token.index - 1].key in ABBREVIATIONS)
    return starts_sentence and not token.text.isupper() and (
        token.key in ctx.lexicon.common_words or token.key in ctx.lower_words)


def _org_word_head(ctx: Context, token: Token) -> bool:
    """The head of an institution's or event's name: "University of California", "Bank of
    Japan", not the village of University, Florida."""
    return token.key in ctx.lexicon.org_words and _followed_by_of_name(ctx.tokens, token.index)


def _followed_by_of_name(tokens: list[Token], k: int) -> bool:
    after = tokens[k + 1:k + 4]
    if len(after) < 2 or after[0].key != "of" or after[0].gap_before != " ":
        return False
    return after[1].capitalised or (after[1].key == "the" and len(after) == 3 and after[2].capitalised)


def _minor_common_word(ctx: Context, token: Token) -> bool:
    """An ordinary word, capitalised as an adjective or a surname, that only villages share,
    unless the text puts it on a map somewhere: "the Olympic champion", "Price denied it",
    "the Young family" (but not after "Crews reached Price" or "Price, Utah")."""
    lex = ctx.lexicon
    if token.key not in lex.common_words and token.key not in lex.org_words or token.text.isupper():
        return False
    if token.key in ctx.placed_words:
        return False
    return max((c.importance * strength_factor(c) for c in ctx.gazetteer.lookup(token.key)[:CANDIDATES_WEIGHED]),
               default=0.0) < MINOR_RENOWN


WORD_VETOES = (
    Veto("title_word", _title_word, "a title, not a place"),
    Veto("given_name", _given_name, "a given name standing alone"),
    Veto("direction_word", _direction_word, "a direction, not a place"),
    Veto("short_common_word", _short_common_word, "a short common word"),
    Veto("sentence_start_common_word", _sentence_start_common_word,
         "a common word capitalised only at the start of a sentence"),
    Veto("org_word_head", _org_word_head, "the head of an institution's name (\"University of ...\")"),
    Veto("minor_common_word", _minor_common_word, "an ordinary word that only villages share"),
)


# -- on a run of capitalised words ----------------------------------------------------

def _run_names_person(ctx: Context, i: int, j: int) -> bool:
    """A run that is a person this document names: "Ahmad Massoud", later "Massoud"."""
    return _known_person(ctx, ctx.span_key(i, j))


# A run after a title ("senator Obama") is one of the article's people
# (geo.recognition.people), so ``known_person`` keeps it off the map; a veto of its own
# for titled runs (``titled_person``) changed no dev figure and no test: merged here.
RUN_VETOES = (
    Veto("known_person", _run_names_person, "a person named in this article",
         lifted_by="qualified_person_name", lifted_when=qualified_here),
)


# -- on a lone word with its candidates -----------------------------------------------

def _acronym(ctx: Context, token: Token, candidates: list[Candidate]) -> bool:
    """A short all-capitals word is an acronym ("BA", "SOL", "NGO"), unless it is a country's or
    union's own ("US", "UAE", "EU") or opens a dateline ("ROME, Italy —"); dotted
    abbreviations ("N.M.", "U.S.") are spelled-out names."""
    if "." in token.text or not token.text.isupper() or len(token.text) > 4:
        return False
    if ctx.on("dateline") and opens_dateline(ctx.tokens, token) and _a_known_city(candidates):
        return False
    return not any(c.place.feature_type in ("country", "historical_country", "region") and c.is_preferred
                   and c.matched_name.isupper() for c in candidates)


# What follows a dateline's place: "ROME, Italy —", "LIMA (AP) —", "OSLO — ".
_DATELINE_GAP = re.compile(r"\s*(?:,|\(|[—–-])")


def opens_dateline(tokens: list[Token], token: Token) -> bool:
    """An all-capitals word of three letters or more first on its line and followed by a
    dash, a parenthesis or a comma and a capitalised word: the place a wire story was
    filed from ("ROME, Italy — ..."), not an acronym."""
    if len(token.text) < 3 or not (token.index == 0 or "\n" in token.gap_before):
        return False
    nxt = tokens[token.index + 1] if token.index + 1 < len(tokens) else None
    # After the comma, dash or parenthesis comes a name: the state or country ("ROME,
    # Italy"), the agency ("LIMA (AP)") or the story ("OSLO — Snow fell"), not a clause
    # ("NGO, aid groups said", "IRA (the Irish Republican Army)").
    return nxt is not None and _DATELINE_GAP.match(nxt.gap_before) is not None and nxt.capitalised


def _a_known_city(candidates: list[Candidate]) -> bool:
    """A city by its own name, known well enough to file a story from: "LIMA", not the
    hamlet of Ira or Seoul's code "SOL"."""
    return any(c.place.feature_type == "city" and c.is_preferred and fold(c.matched_name) == fold(c.place.name)
               and c.importance * strength_factor(c) >= MINOR_RENOWN for c in candidates)


MATCH_VETOES = (
    Veto("acronym", _acronym, "an acronym, not a place"),
)


# -- on a recognised mention ----------------------------------------------------------

# Words that put the name before a speech verb where the speakers are, not among them:
# "Councillors in Skipton said". Not "from", "to" or "with": "a letter from Saleh said".
SPEAKERS_PLACE_WORDS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
# ... and the words "of" makes one with: "Shipping firms on the outskirts of Düsseldorf
# said", "Farmers north of Carberry said" (``words.LOCATIVES_WITH_OF``).


def _speech_verb(ctx: Context, item: Recognized, after: Token) -> bool:
    """A minor place name followed by a speech verb is a person: "Saleh said", unless the
    text has already used the name as a place ("Residents of Tarrant fled. Tarrant said"),
    or a word of place stands right before it ("Councillors in Skipton said", "firms on
    the outskirts of Düsseldorf said")."""
    return item.kind == "toponym" and after.key in PERSON_VERBS and after.gap_before == " " \
        and item.evidence < STRONG and not (item.key in ctx.place_keys and ctx.on("place_before_speech_verb")) \
        and not (ctx.on("locative_before_speech_verb") and _speakers_place(ctx, item))


def _speakers_place(ctx: Context, item: Recognized) -> bool:
    tokens = ctx.tokens
    index = ctx.token_starting_at(item.start)
    if not index or tokens[index].gap_before != " ":
        return False
    before = tokens[index - 1].key
    return before in SPEAKERS_PLACE_WORDS or before == "of" and index > 1 \
        and tokens[index - 2].key in LOCATIVES_WITH_OF


MENTION_VETOES = (
    Veto("speech_verb", _speech_verb, "a person: the name is followed by a speech verb"),
)

ALL_VETOES = (*NAME_VETOES, *WORD_VETOES, *RUN_VETOES, *MATCH_VETOES, *MENTION_VETOES)
VETO_NAMES = tuple(dict.fromkeys(veto.name for veto in ALL_VETOES))


# -- applying them --------------------------------------------------------------------

def _first(ctx: Context, table: tuple[Veto, ...], *args) -> Veto | None:
    without = ctx.without
    for veto in table:
        if veto.name not in without and veto.condition(ctx, *args):
            return veto
    return None


def _record(ctx: Context, start: int, end: int, veto: Veto) -> None:
    if ctx.rejections is not None:
        ctx.rejections.append(Rejection(start, end, ctx.text[start:end], veto.name, veto.reason))


def _lifted(ctx: Context, veto: Veto | None, j: int, key: str) -> Veto | None:
    """``veto``, unless the rule that lifts it is on and holds at this mention."""
    if veto is not None and veto.lifted_when is not None and ctx.on(veto.lifted_by) \
            and veto.lifted_when(ctx, j, key):
        return None
    return veto


def name_vetoed(ctx: Context, i: int, j: int, key: str) -> bool:
    """Whether a name-level veto holds for the folded name ``key`` of tokens i..j."""
    veto = _lifted(ctx, _first(ctx, NAME_VETOES, key), j, key)
    if veto is not None:
        _record(ctx, ctx.tokens[i].start, ctx.tokens[j].core_end, veto)
    return veto is not None


def word_vetoed(ctx: Context, token: Token) -> bool:
    """Whether a lone capitalised word is more likely not a place at all."""
    veto = _lifted(ctx, _first(ctx, NAME_VETOES, token.key), token.index, token.key) or _first(ctx, WORD_VETOES, token)
    if veto is not None:
        _record(ctx, token.start, token.core_end, veto)
    return veto is not None


def run_vetoed(ctx: Context, i: int, j: int) -> bool:
    """Whether a run of capitalised words names a person."""
    veto = _lifted(ctx, _first(ctx, RUN_VETOES, i, j), j, ctx.span_key(i, j))
    if veto is not None:
        _record(ctx, ctx.tokens[i].start, ctx.tokens[j].core_end, veto)
    return veto is not None


def match_vetoed(ctx: Context, token: Token, candidates: list[Candidate]) -> bool:
    """Whether a lone word's match is no place, its candidates considered."""
    veto = _first(ctx, MATCH_VETOES, token, candidates)
    if veto is not None:
        _record(ctx, token.start, token.core_end, veto)
    return veto is not None


def without_vetoed_mentions(ctx: Context, found: list[Recognized]) -> list[Recognized]:
    """The mentions no mention-level veto holds for."""
    kept = []
    for item in found:
        # Found by bisection, not from a table of every token's end: this runs twice a
        # parse for a few mentions among many words.
        index = ctx.token_ending_at(item.end)
        if index is not None and index + 1 < len(ctx.tokens):
            veto = _first(ctx, MENTION_VETOES, item, ctx.tokens[index + 1])
            if veto is not None:
                _record(ctx, item.start, item.end, veto)
                continue
        kept.append(item)
        if item.kind == "toponym":
            ctx.place_keys.add(item.key)
    return kept
