"""Runs: the stretches of capitalised words a name can be found in, and the
headline-style lines where capitals say nothing."""

from __future__ import annotations

from gazetteer.fold import fold
from gazetteer.store import Gazetteer
from geo.recognition.words import CONNECTORS, LOCATIVE, NAME_ABBREVIATIONS
from geo.tokens import Token


def shouting(token: Token) -> bool:
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


def _known_across(tokens: list[Token], i: int, j: int, text: str, gazetteer: Gazetteer) -> bool:
    """Whether the words of the run up to j and the word after the line break name a place."""
    end = tokens[j + 1].core_end
    return any(gazetteer.has_name(fold(text[tokens[first].start:end])) for first in range(max(i, j - 3), j + 1))


def capitalised_runs(tokens: list[Token], text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens (inclusive index pairs), joined by single spaces
    or hyphens, and by connectors only inside a known name.

    >>> from gazetteer.build import build_from_places
    >>> from gazetteer.model import Place
    >>> from geo.tokens import tokenize
    >>> gaz = build_from_places([Place("gn:1", "Isle of Man", "island", "IM", 54.2, -4.5)])
    >>> text = "Flights from the Isle of Man reached Dublin Airport."
    >>> [text[tokens[i].start:tokens[j].end] for tokens in [tokenize(text)]
    ...  for i, j in capitalised_runs(tokens, text, gaz)]
    ['Flights', 'Isle of Man', 'Dublin Airport']
    """
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
            if gap == "\n" and nxt.capitalised and _known_across(tokens, i, j, text, gazetteer):
                j += 1      # "New\nMexico": a line break inside a name the gazetteer knows
                continue
            if gap not in (" ", "-", "\u00a0") and not (gap == ". " and tokens[j].key in NAME_ABBREVIATIONS):
                break
            if (nxt.capitalised and shouting(nxt) == shouting(tokens[j])) or (nxt.caseless and tokens[j].caseless):
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


def title_case_lines(tokens: list[Token]) -> set[int]:
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


def placed_words(tokens: list[Token], gazetteer: Gazetteer) -> set[str]:
    """Capitalised words the text puts on a map somewhere: after a locative word ("in
    Price") or before a state or country ("Price, Utah")."""
    placed = set()
    for token in tokens:
        if not token.capitalised or token.index == 0:
            continue
        if tokens[token.index - 1].key in LOCATIVE:
            placed.add(token.key)
        after = tokens[token.index + 1] if token.index + 1 < len(tokens) else None
        if after is not None and after.gap_before == ", " and after.capitalised and any(
                c.is_preferred and c.place.feature_type in ("admin1", "country") for c in gazetteer.lookup(after.key)[:3]):
            placed.add(token.key)
    return placed
