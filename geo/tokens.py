"""Word tokens with character offsets, and the facts about each that recognition needs."""

from __future__ import annotations

import re
from typing import NamedTuple

from gazetteer.fold import fold

# A word: letters with inner apostrophes ("King's", "O'Hare"), or a dotted abbreviation
# ("U.S.", "U.A.E."). Digits and underscores are not words here.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# What may stand between a sentence's end and its next word: ". ", '." ', ": ", "— ".
_SENTENCE_MARKS = frozenset('.!?:;"\u201c\u201d\u2018\u2019*#>-\u2014([|')
_POSSESSIVE_SUFFIXES = ("'s", "\u2019s")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co\.uk)(?:/\S*)?"
                      r"|[\w./-]+\.(?:jpe?g|png|gif|svg|webp|pdf|html?|php|aspx?)\b")


class Token(NamedTuple):
    """A word of the text. A named tuple, not a dataclass: a 1 MB article has 200,000
    of them, and a tuple is built several times faster."""

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
    append = tokens.append
    # Addresses are not prose: "example.com/Kabul/report" and "kabul@herat.org" name
    # no place. Their words are skipped (and the gap around them keeps names apart).
    skipped = [m.span() for m in _ADDRESS.finditer(text, start, end)]
    skip_index = 0
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        word_start, word_end = match.span()
        while skip_index < len(skipped) and skipped[skip_index][1] <= word_start:
            skip_index += 1
        if skip_index < len(skipped) and skipped[skip_index][0] <= word_start:
            continue
        core_end = word_end
        if word.endswith(_POSSESSIVE_SUFFIXES) and len(word) > 2:
            core_end -= 2
        gap = text[previous_end:word_start]
        first = word[0]
        upper = first.isupper()
        caseless = not upper and not first.islower() and first.isalpha()
        if not tokens or "\n" in gap:
            sentence_start = True
        else:
            stripped = gap.rstrip()
            sentence_start = stripped[-1:] in _SENTENCE_MARKS if stripped else tokens[-1].text.endswith(".")
        # Plain ASCII words (most of any English text) fold to their lower case.
        key = word.lower() if core_end == word_end and word.isascii() and word.isalpha() \
            else fold(text[word_start:core_end])
        append(Token(len(tokens), word_start, word_end, core_end, word, key, upper, caseless, sentence_start, gap))
        previous_end = word_end
    return tokens
