"""Word tokens with character offsets, and the facts about each that recognition needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazetteer.fold import fold

# A word: letters with inner apostrophes ("King's", "O'Hare"), or a dotted abbreviation
# ("U.S.", "U.A.E."). Digits and underscores are not words here.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# What may stand between a sentence's end and its next word: ". ", '." ', ": ", "— ".
_SENTENCE_MARKS = frozenset('.!?:;"\u201c\u201d\u2018\u2019*#>-\u2014([|')
_POSSESSIVE_SUFFIXES = ("'s", "\u2019s")


@dataclass(frozen=True, slots=True)
class Token:
    index: int
    start: int
    end: int           # end of the word as written, possessive included
    core_end: int      # end without a possessive "'s"
    text: str
    key: str           # folded core
    capitalised: bool
    caseless: bool     # a script without letter case (Arabic, Persian, CJK ...)
    sentence_start: bool
    gap_before: str    # the characters between the previous token and this one

    @property
    def possessive(self) -> bool:
        return self.core_end != self.end


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    >>> [t.text for t in tokenize("Mr. Massoud's men left Kabul.")]
    ['Mr', "Massoud's", 'men', 'left', 'Kabul']
    """
    end = len(text) if end is None else end
    tokens: list[Token] = []
    previous_end = start
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        core_end = match.end()
        if word.endswith(_POSSESSIVE_SUFFIXES) and len(word) > 2:
            core_end -= 2
        gap = text[previous_end:match.start()]
        first = word[0]
        caseless = first.isalpha() and not first.isupper() and not first.islower()
        if not tokens or "\n" in gap:
            sentence_start = True
        else:
            stripped = gap.rstrip()
            sentence_start = stripped[-1:] in _SENTENCE_MARKS if stripped else tokens[-1].text.endswith(".")
        tokens.append(Token(
            index=len(tokens), start=match.start(), end=match.end(), core_end=core_end, text=word,
            key=fold(text[match.start():core_end]), capitalised=first.isupper(), caseless=caseless,
            sentence_start=sentence_start, gap_before=gap,
        ))
        previous_end = match.end()
    return tokens
