"""What recognition hands on (``Recognized``) and what it keeps while reading one
document (``Context``)."""

from __future__ import annotations

import bisect

from dataclasses import dataclass, field

from gazetteer.fold import fold
from gazetteer.model import Candidate
from gazetteer.store import Gazetteer
from geo.lexicon import Demonym, Lexicon
from geo.tokens import Token


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


@dataclass(frozen=True, slots=True)
class Rejection:
    """A name a veto kept off the map, and why: what `python -m geo explain` style
    debugging reads."""

    start: int
    end: int
    text: str
    veto: str
    reason: str


@dataclass(slots=True)
class Context:
    """One document as recognition reads it: its tokens, the people it names, the words
    it writes in lower case, and which rules are switched off."""

    text: str
    gazetteer: Gazetteer
    lexicon: Lexicon
    tokens: list[Token]
    without: frozenset[str] = frozenset()
    people: set[str] = field(default_factory=set)
    title_case: set[int] = field(default_factory=set)
    lower_words: set[str] = field(default_factory=set)
    placed_words: set[str] = field(default_factory=set)  # words the text puts on a map ("in Price", "Price, Utah")
    place_keys: set[str] = field(default_factory=set)    # names already kept as places, in reading order
    rejections: list[Rejection] | None = None   # collected only when asked for
    # (folded name, type hint) -> the weight of its best candidate (``matching``)
    candidate_weights: dict[tuple[str, str], float] = field(default_factory=dict)

    def on(self, rule: str) -> bool:
        """Whether a named rule or veto is switched on for this document."""
        return rule not in self.without

    def token_starting_at(self, offset: int) -> int | None:
        """The index of the token that starts at ``offset``, or None."""
        tokens = self.tokens
        index = bisect.bisect_left(tokens, offset, key=lambda t: t.start)
        return index if index < len(tokens) and tokens[index].start == offset else None

    def token_ending_at(self, offset: int) -> int | None:
        """The index of the token whose word (possessive dropped) ends at ``offset``, or None."""
        tokens = self.tokens
        index = bisect.bisect_left(tokens, offset, key=lambda t: t.core_end)
        return index if index < len(tokens) and tokens[index].core_end == offset else None

    def span_key(self, i: int, j: int) -> str:
        """The folded name of tokens i..j (inclusive), possessive dropped."""
        return fold(self.text[self.tokens[i].start:self.tokens[j].core_end])
