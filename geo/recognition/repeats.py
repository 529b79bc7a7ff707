"""Names the article has already placed: one sense per article. A mention too weak on
its own ("the drought left Deport and Roxton trucking in water", "a haulage business out
of Casterton") of a name the same article recognised as a place elsewhere ("the pipeline
will run south to Deport") is that place too, unless a veto holds at that mention
("Roxton said", "Mayor Roxton")."""

from __future__ import annotations

import dataclasses

from gazetteer.fold import fold
from geo.recognition.matching import name_start
from geo.recognition.model import Context, Recognized
from geo.recognition.qualifiers import qualifier_after
from geo.recognition.vetoes import run_vetoed, word_vetoed
from geo.recognition.weights import ACCEPT, STRONG
from geo.recognition.words import PERSON_VERBS
from geo.tokens import Token


def names_placed_again(ctx: Context, runs: list[tuple[int, int]], found: list[Recognized]) -> list[Recognized]:
    """The other mentions of the toponyms in ``found`` that recognition passed over as
    too weak alone (``named_again``), in text order."""
    if not ctx.on("named_again"):
        return []
    placed = {}
    for item in found:
        # Only a name the text itself places somewhere ("to Roxton", "Roxton, Texas") or a
        # strong mention speaks for the others: a first mention that is a guess ("what
        # Johnson called") must not multiply.
        # The mention must be the bare name: "Changi Bay" does not place the district "Changi".
        if item.kind == "toponym" and item.candidates and fold(item.text) == item.key \
                and (item.key in ctx.placed_words or item.evidence >= STRONG):
            placed.setdefault(item.key, item)
    if not placed:
        return []
    tokens = ctx.tokens
    covered = bytearray(len(ctx.text))   # characters already inside a found name
    for item in found:
        covered[item.start:item.end] = b"\1" * (item.end - item.start)
    added: list[Recognized] = []
    for i, j in runs:
        for a, b in _parts(ctx, name_start(ctx, i, j), j):
            key = ctx.span_key(a, b)
            start, end = tokens[a].start, tokens[b].core_end
            if key not in placed or 1 in covered[start:end] or tokens[b].possessive or _speaker(tokens, b) \
                    or _vetoed(ctx, a, b):
                continue
            added.append(dataclasses.replace(placed[key], start=start, end=end, text=ctx.text[start:end],
                                             evidence=ACCEPT, qualifier=qualifier_after(ctx, b, key)))
            covered[start:end] = b"\1" * (end - start)
    return added


def _speaker(tokens: list[Token], b: int) -> bool:
    """Whether a speech verb follows the name: a mention too weak to be a place alone is
    a speaker there ("Roxton said"), whatever the article said of the name before."""
    return b + 1 < len(tokens) and tokens[b + 1].key in PERSON_VERBS and tokens[b + 1].gap_before == " "


def _parts(ctx: Context, i: int, j: int) -> list[tuple[int, int]]:
    """The whole names of a run: the run itself, or the names "and" joins in it ("Deport
    and Roxton"). A word inside a longer name is never one ("Kobe Bryant", "Che Adams")."""
    parts, a = [], i
    for k in range(i, j + 1):
        if ctx.tokens[k].key in ("and", "or") and k > a:
            parts.append((a, k - 1))
            a = k + 1
    if a <= j:
        parts.append((a, j))
    return parts


def _vetoed(ctx: Context, a: int, b: int) -> bool:
    """Whether a person or word veto holds for tokens a..b here; the first pass asked
    these vetoes already and recorded what they said, so nothing is recorded twice."""
    recorded = len(ctx.rejections) if ctx.rejections is not None else 0
    vetoed = run_vetoed(ctx, a, b) or (a == b and word_vetoed(ctx, ctx.tokens[a]))
    if ctx.rejections is not None:
        del ctx.rejections[recorded:]
    return vetoed
