"""Described places: names the text itself calls a place inside a place the gazetteer
knows ("Chibok, a town in Borno State"), found even where the gazetteer lacks them."""

from __future__ import annotations

from geo.recognition.matching import name_start
from geo.recognition.model import Context, Recognized
from geo.recognition.qualifiers import qualifier_after
from geo.recognition.vetoes import run_vetoed, word_vetoed
from geo.recognition.weights import ACCEPT
from geo.recognition.words import APPOSITION_STARTS, CONNECTORS, LOCATIVE, PLACE_NOUNS
from geo.tokens import Token


def with_described_places(ctx: Context, runs: list[tuple[int, int]], found: list[Recognized]) -> list[Recognized]:
    """``found`` and the names recognition passed over that the text itself calls a place
    inside a place the gazetteer knows: "Chibok, a town in Borno State", "Quillbarrow is
    a village in Kent". Resolution looks for them inside that container, and pins them
    at it when the gazetteer has none there."""
    if not ctx.on("described_place"):
        return found
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
        i = name_start(ctx, i, j)
        if not free(i, j) or run_vetoed(ctx, i, j) or (i == j and word_vetoed(ctx, tokens[i])) \
                or any(t.key in lex.org_words for t in tokens[i:j + 1]):
            continue
        key = ctx.span_key(i, j)
        qualifier = qualifier_after(ctx, j, key)
        if qualifier and key and key != qualifier and key not in lex.non_places and key not in lex.demonyms:
            add(i, j, key, kind, qualifier)
    # Once the text has said what the name is, its other mentions name the same place
    # ("Residents of Chibok fled").
    # Each takes the description's qualifier, so a mention before it joins it too.
    kinds = {r.key: (r.type_hint, r.qualifier) for r in added}
    for i, j in runs if kinds else ():
        i = name_start(ctx, i, j)
        key = ctx.span_key(i, j)
        if key in kinds and free(i, j):
            add(i, j, key, *kinds[key])
    return sorted(found + added, key=lambda r: r.start) if added else found


def _described_kind(tokens: list[Token], j: int) -> str:
    """The place type after "<name>, a small farming town in" or "<name> is a village of"."""
    k = j + 1
    if k >= len(tokens):
        return ""
    if tokens[k].key in APPOSITION_STARTS and tokens[k].gap_before == " ":
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
