"""Given spans: names a user's own recogniser found, read as recognition reads its own.

A given span gets what recognition would give the same words: the mention recognition
found there (its type word, qualifier, demonym, candidates, even where its bounds
differ a little: "Kabul" inside "Kabul province"), or else the same reading of the
words around it: a type word ("Salang tunnel", "the state of Delaware"), a qualifier
("Paris, Texas"), a demonym ("Afghan"), a name with its generic word ("Panjshir Valley").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from gazetteer.fold import GENERIC_WORDS, fold, split_generic
from gazetteer.store import Gazetteer
from geo.lexicon import Lexicon, load_lexicon
from geo.recognition.model import Context, Recognized
from geo.recognition.qualifiers import qualifier_after
from geo.recognition.vetoes import name_vetoed, word_vetoed
from geo.recognition.words import CONNECTORS, DIRECTIONS, MAX_NAME_TOKENS
from geo.tokens import tokenize

GIVEN_EVIDENCE = 1.0   # the user's recogniser says it is a place: recognition's doubts do not apply


def _same_name(key: str, item: Recognized) -> bool:
    """Whether a span's folded name is the name recognition found around it."""
    return key == item.key or split_generic(key)[0] == item.key


def _overlapping(start: int, end: int, key: str, recognized: list[Recognized]) -> Recognized | None:
    """The mention recognition found over the same name at (about) the same place."""
    best, best_overlap = None, 0
    for item in recognized:
        overlap = min(end, item.end) - max(start, item.start)
        if overlap > best_overlap and _same_name(key, item):
            best, best_overlap = item, overlap
    return best


def _type_word(ctx: Context, first: int, last: int, key: str) -> tuple[str, str, int]:
    """(key, type hint, last token) as recognition reads the words around tokens first..last:
    a lower-case type word after the name ("Salang tunnel"), the name's own generic word
    ("Panjshir Valley"), or "the state of" before it."""
    tokens, gaz = ctx.tokens, ctx.gazetteer
    hint = ""
    if last + 1 < len(tokens) and not tokens[last].possessive:
        nxt = tokens[last + 1]
        if nxt.gap_before == " " and not nxt.capitalised and nxt.key in GENERIC_WORDS:
            longer = fold(ctx.text[tokens[first].start:nxt.core_end])
            if gaz.has_name(longer):
                return longer, "", last + 1
            hint = GENERIC_WORDS[nxt.key] if GENERIC_WORDS[nxt.key] != "city" else ""
    if not hint and " " in key:
        hint = GENERIC_WORDS.get(key.rsplit(" ", 1)[-1], "")
    if not hint and first > 1 and tokens[first - 1].key == "of" and tokens[first - 2].key in GENERIC_WORDS:
        hint = GENERIC_WORDS[tokens[first - 2].key] if GENERIC_WORDS[tokens[first - 2].key] != "city" else ""
    return key, hint, last


def _read_span(ctx: Context, start: int, end: int, first: int | None, last: int | None,
               inside: list[Recognized]) -> Recognized:
    """A span recognition found nothing at: its own name with the words around it, else
    the place named inside it ("Dubai World Cup", "University of Alberta"), as the
    engine's own reading links it, else a spelling variant of it."""
    text, gaz = ctx.text, ctx.gazetteer
    surface = text[start:end]
    key = fold(surface)
    demonym = ctx.lexicon.demonyms.get(key)
    if demonym is not None:
        return Recognized(start, end, surface, key, kind="demonym", demonym=demonym, evidence=GIVEN_EVIDENCE)
    hint, qualifier = "", ""
    if first is not None and last is not None:
        key, hint, last = _type_word(ctx, first, last, key)
        qualifier = qualifier_after(ctx, last, key)
    candidates = gaz.lookup(key)
    if not candidates:
        core, generic = split_generic(key)
        if core != key and gaz.has_name(core):
            key, hint, candidates = core, hint or generic, gaz.lookup(core)
    if not candidates and inside:
        return dataclasses.replace(inside[0], start=start, end=end, text=surface, evidence=GIVEN_EVIDENCE)
    if not candidates and first is not None and last is not None and last > first:
        inner = _inner_name(ctx, first, last)
        if inner:
            key, candidates = inner, gaz.lookup(inner)
    variant = False
    if not candidates:
        candidates = gaz.candidates(surface)
        variant = bool(candidates) and all(c.is_variant for c in candidates)
    return Recognized(start, end, surface, key, type_hint=hint, candidates=tuple(candidates),
                      evidence=GIVEN_EVIDENCE, qualifier=qualifier, variant=variant)


def _inner_name(ctx: Context, first: int, last: int) -> str:
    """The first, longest name the gazetteer knows inside tokens first..last that no veto
    holds for: "Kilburn" in "South Kilburn Estate"."""
    for k in range(first, last + 1):
        for stop in range(min(last, k + MAX_NAME_TOKENS - 1), k - 1, -1):
            if (k, stop) == (first, last) or ctx.tokens[stop].key in CONNECTORS or ctx.tokens[k].key in CONNECTORS:
                continue
            key = ctx.span_key(k, stop)
            if not key or not ctx.gazetteer.has_name(key) or name_vetoed(ctx, k, stop, key):
                continue
            if stop == k and (word_vetoed(ctx, ctx.tokens[k]) or ctx.tokens[k].key in DIRECTIONS
                              or ctx.tokens[k].key in ctx.lexicon.org_words):
                continue
            return key
    return ""


def read_given_spans(text: str, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer,
                     recognized: list[Recognized], *, lexicon: Lexicon | None = None) -> list[Recognized]:
    """The given (start, end) spans as mentions, each read as recognition would read it;
    spans out of range or of no letters are left out.

    >>> from gazetteer.build import build_from_places
    >>> from gazetteer.model import Place
    >>> gaz = build_from_places([Place("gn:1", "Panjshir", "valley", "AF", 35.3, 69.5),
    ...                          Place("gn:2", "Texas", "admin1", "US", 31.0, -99.0, admin1_code="US.TX")])
    >>> text = "Fighters held the Panjshir Valley. Others left for Paris, Texas."
    >>> [(m.key, m.type_hint, m.qualifier) for m in read_given_spans(text, [(18, 33), (51, 56)], gaz, [])]
    [('panjshir', 'valley', ''), ('paris', '', 'texas')]
    """
    ctx = Context(text, gazetteer, lexicon or load_lexicon(), tokenize(text))
    first_token: dict[int, int] = {t.start: t.index for t in ctx.tokens}
    last_token: dict[int, int] = {t.core_end: t.index for t in ctx.tokens}
    last_token.update({t.end: t.index for t in ctx.tokens})
    by_span = {(r.start, r.end): r for r in recognized}
    result = []
    for start, end in spans:
        if not (0 <= start < end <= len(text)) or not fold(text[start:end]):
            continue    # a span of spaces or punctuation names nothing
        known = by_span.get((start, end))
        if known is None:
            around = _overlapping(start, end, fold(text[start:end]), recognized)
            if around is not None:
                # A settlement word outside the span ("Salisbury village") says what
                # most namesakes are, and would part the name from its other mentions.
                hint = "" if around.type_hint == "city" and around.end > end else around.type_hint
                known = dataclasses.replace(around, start=start, end=end, text=text[start:end], type_hint=hint)
        if known is not None:
            result.append(dataclasses.replace(known, evidence=GIVEN_EVIDENCE))
            continue
        inside = [r for r in recognized if start <= r.start and r.end <= end]
        result.append(_read_span(ctx, start, end, first_token.get(start), last_token.get(end), inside))
    return result
