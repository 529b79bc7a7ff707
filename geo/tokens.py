"""Word tokens with character offsets, and the facts about each that recognition needs."""

from __future__ import annotations

import re
import sys
from typing import NamedTuple

from gazetteer.fold import fold

# A word: letters with inner apostrophes ("King's", "O'Hare"), or a dotted abbreviation
# ("U.S.", "U.A.E."). Digits and underscores are not words here. The letters' repeats
# are possessive ("++", "*+"): a word's longest stretch of letters is always the match,
# so no shorter one need be kept to backtrack to, and the scan runs in two thirds of
# the time.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]++(?:['\u2019][^\W\d_]++)*+")
# What may stand between a sentence's end and its next word: ". ", '." ', ": ", "— ".
_SENTENCE_MARKS = frozenset('.!?:;"\u201c\u201d\u2018\u2019*#>-\u2014([|')
_POSSESSIVE_SUFFIXES = ("'s", "\u2019s")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co\.uk)(?:/\S*)?"
                      r"|[\w./-]+\.(?:jpe?g|png|gif|svg|webp|pdf|html?|php|aspx?)\b")
# What every address has and prose seldom does: "@", "/", "www." or a period followed
# by a letter ("example.com", "photo.jpg"). An address never holds white space, so
# ``_ADDRESS`` need only be tried on the few stretches without it that hold one of
# these, not at every position of the text. Each alternative opens with a literal
# character, so the search skips straight to the next of them ("[@/]" as the first
# would make it try every position: three times slower).
_ADDRESS_SIGN = re.compile(r"@|/|www\.|\.\w")
_NON_SPACE = re.compile(r"\S*")
_NO_SPAN = (sys.maxsize, sys.maxsize)   # past any text: no address left to skip
_new_tuple = tuple.__new__


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
    append = tokens.append
    previous_end, previous_word = start, ""
    # Addresses are not prose: "example.com/Kabul/report" and "kabul@herat.org" name
    # no place. Their words are skipped (and the gap around them keeps names apart).
    skipped = iter(address_spans(text, start, end))
    skip_start, skip_end = next(skipped, _NO_SPAN)
    index = 0
    for match in _TOKEN.finditer(text, start, end):
        word_start, word_end = match.span()
        if word_start >= skip_start:
            while skip_end <= word_start:
                skip_start, skip_end = next(skipped, _NO_SPAN)
            if skip_start <= word_start:
                continue
        word = match.group()
        gap = text[previous_end:word_start]
        if not index:
            sentence_start = True
        elif gap == " ":
            # Most gaps are one space: the sentence starts only after an abbreviation's
            # period ("U.S. Army"), the one word that can end in one.
            sentence_start = previous_word[-1] == "."
        elif "\n" in gap:
            sentence_start = True
        else:
            stripped = gap.rstrip()
            sentence_start = stripped[-1:] in _SENTENCE_MARKS if stripped else previous_word.endswith(".")
        first = word[0]
        upper = first.isupper()
        # Built with tuple's own constructor: the named tuple's is a Python function, and
        # calling it for every word of the text costs a fifth of the whole tokenizer.
        if word.isascii() and word.isalpha():
            # Plain ASCII letters (most of any English text): no apostrophe, so no
            # possessive; a cased script; the key is the lower case.
            append(_new_tuple(Token, (index, word_start, word_end, word_end, word, word.lower(), upper, False,
                                      sentence_start, gap)))
        else:
            core_end = word_end
            if word.endswith(_POSSESSIVE_SUFFIXES) and len(word) > 2:
                core_end -= 2
            caseless = not upper and not first.islower() and first.isalpha()
            append(_new_tuple(Token, (index, word_start, word_end, core_end, word, fold(text[word_start:core_end]),
                                      upper, caseless, sentence_start, gap)))
        index += 1
        previous_end, previous_word = word_end, word
    return tokens


def address_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) spans of the web and mail addresses and file names in
    ``text[start:end]``, in order.

    >>> text = "See example.com/Kabul or mail desk@herat.org; open map.png in the U.S. office."
    >>> [text[s:e] for s, e in address_spans(text)]
    ['example.com/Kabul', 'desk@herat.org', 'map.png']
    """
    end = len(text) if end is None else end
    found: list[tuple[int, int]] = []
    sign = _ADDRESS_SIGN.search(text, start, end)
    while sign is not None:
        # The stretch without white space around the sign, within start..end.
        first = sign.start()
        while first > start and not text[first - 1].isspace():
            first -= 1
        last = _NON_SPACE.match(text, sign.end(), end).end()
        found.extend(match.span() for match in _ADDRESS.finditer(text, first, last))
        sign = _ADDRESS_SIGN.search(text, last, end)
    return found
