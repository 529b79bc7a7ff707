"""Split article text into passages (paragraphs, headings, captions) with exact offsets.

For every passage ``text[p.start:p.end]`` is the passage with no surrounding
whitespace; passages are ordered, never overlap and are never empty. Passages stay
under :data:`MAX_PASSAGE_CHARS` so the dashboard can render and highlight one quickly
even when an article arrives as a single enormous line.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

from geo.model import Passage

MAX_PASSAGE_CHARS = 5000
# Photo captions are short; the credit line itself can take a third of that.
CAPTION_MAX_CHARS = 300
# Lines longer than this are not hard-wrapped prose: each is a paragraph of its own.
_WRAPPED_LINE_CHARS = 100

# One or more blank (whitespace-only) lines end a paragraph.
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_HEADING = re.compile(r"[^\S\n]{0,3}#{1,6}(?:\s|$)")
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002][\"'\u201d\u2019)\]]*\s+")
_SPACE_RUN = re.compile(r"\s+")

_OUTLETS = (
    r"(?:Reuters|AP|AFP|Associated Press|Agence France-Presse|Getty Images|EPA(?:-EFE)?|EFE|"
    r"Shutterstock|Bloomberg|Anadolu(?: Agency)?|Xinhua|TASS|Sputnik|NurPhoto|SOPA Images|"
    r"LightRocket|Alamy|Magnum Photos|Redux|Polaris|ZUMA (?:Press|Wire)|Zuma Press|Sipa|Abaca|"
    r"DPA|dpa|Kyodo|Yonhap|Pool|The (?:New York Times|Washington Post|Guardian|Wall Street Journal|Times))"
)
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}"
# A photo credit at the end of a short paragraph: "Jane Doe/Reuters",
# "Jane Doe for The New York Times", "via Getty Images", "(Photo: ...)".
_CREDIT_END = re.compile(
    rf"(?:{_NAME}\s*/\s*[A-Z][\w&.'\u2019 -]{{1,40}}"
    rf"|{_NAME}\s+for\s+{_OUTLETS}"
    rf"|\bvia\s+{_OUTLETS}"
    rf"|\((?:Photo|Credit|Image)[^()]*\))[\s.)\]]*$"
)
# What every credit _CREDIT_END finds holds: a "/", "for" and an outlet after a space,
# "via" after a space, or "(Photo", "(Credit", "(Image". _CREDIT_END tries every
# capital of a paragraph with backtracking; this one cheap search spares most
# paragraphs that attempt (the outlet too: "for" alone is in much of any prose). Each
# alternative opens with a literal, what comes before it checked behind, so the search
# skips straight to the next "/", "(", "f" or "v".
_CREDIT_HINT = re.compile(rf"/|\((?:Photo|Credit|Image)|for(?<=\sfor)\s+{_OUTLETS}|via(?<=\bvia)\s")
_CREDIT_WORD = re.compile(r"\b(?:Credit(?:s)?\s*(?::|\.\.\.|\u2026)|Photo(?:graph)?s?\s*(?::|by\b)|Image\s*:)")
# The words _CREDIT_WORD cannot match without: a test for them is far cheaper than its
# search, which tries every word boundary of the paragraph.
_CREDIT_WORD_HINTS = ("Credit", "Photo", "Image")
# A line that stands for an image: Markdown image syntax or a "[Photo]" placeholder.
_IMAGE_LINE = re.compile(r"(?:!\[[^\]\n]*\]\([^)\n]*\)\s*)+|\[(?:image|photo|picture|video|graphic)\b[^\]\n]*\]", re.I)


def split_passages(text: str, *, caption_spans: Sequence[tuple[int, int]] = ()) -> tuple[Passage, ...]:
    """Split ``text`` into passages.

    ``caption_spans`` are (start, end) ranges the source marked as captions
    (:attr:`geo.inputs.Article.caption_spans`); passages inside them are captions.

    >>> t = "# Valley\\nFighting went on.\\n\\n\\nA man walks. Jane Doe/Reuters\\n"
    >>> [(p.kind, p.text_of(t)) for p in split_passages(t)]
    [('heading', '# Valley'), ('paragraph', 'Fighting went on.'), ('caption', 'A man walks. Jane Doe/Reuters')]
    """
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for gap in _BLANK_LINES.finditer(text):
        _add_block(text, pos, gap.start(), spans)
        pos = gap.end()
    _add_block(text, pos, len(text), spans)
    kinds = _classify(text, spans, caption_spans)
    return tuple(Passage(i, start, end, kind) for i, ((start, end, _), kind) in enumerate(zip(spans, kinds)))


def passage_index_at(passages: Sequence[Passage], offset: int) -> int:
    """Index of the passage containing ``offset``; in a gap, the passage before it
    (the first passage when ``offset`` precedes them all). -1 when there are none.

    >>> ps = split_passages("Kabul.\\n\\nHerat.")
    >>> passage_index_at(ps, 9), passage_index_at(ps, 2)
    (1, 0)
    """
    if not passages:
        return -1
    return max(bisect_right(passages, offset, key=_start) - 1, 0)


def _start(passage: Passage) -> int:
    return passage.start


# -- blocks and lines ---------------------------------------------------------------


def _add_block(text: str, start: int, end: int, out: list[tuple[int, int, str]]) -> None:
    block = text[start:end]
    if "\n" not in block:
        _emit(text, start, end, "heading" if _HEADING.match(block.lstrip(" \t")) else "paragraph", out)
        return
    lines = block.split("\n")
    long_lines = sum(1 for line in lines if len(line) > _WRAPPED_LINE_CHARS)
    one_per_line = long_lines * 2 > len(lines)
    group_start = -1
    offset = start
    for line in lines:
        line_end = offset + len(line)
        if _HEADING.match(line) or one_per_line:
            if group_start >= 0:
                _emit(text, group_start, offset, "paragraph", out)
                group_start = -1
            _emit(text, offset, line_end, "heading" if _HEADING.match(line) else "paragraph", out)
        elif group_start < 0:
            group_start = offset
        offset = line_end + 1
    if group_start >= 0:
        _emit(text, group_start, end, "paragraph", out)


def _emit(text: str, start: int, end: int, kind: str, out: list[tuple[int, int, str]]) -> None:
    start, end = _trim(text, start, end)
    if start >= end:
        return
    while end - start > MAX_PASSAGE_CHARS:
        cut = _cut_point(text, start, start + MAX_PASSAGE_CHARS)
        piece_start, piece_end = _trim(text, start, cut)
        if piece_start < piece_end:
            out.append((piece_start, piece_end, kind))
        start, end = _trim(text, cut, end)
    if start < end:
        out.append((start, end, kind))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    left = piece.lstrip()
    if not left:
        return start, start
    return start + len(piece) - len(left), end - (len(left) - len(left.rstrip()))


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to end a passage that is too long: after a sentence, else at a space."""
    low = start + MAX_PASSAGE_CHARS // 2
    cut = -1
    for match in _SENTENCE_END.finditer(text, low, limit):
        cut = match.end()
    if cut > 0:
        return cut
    for match in _SPACE_RUN.finditer(text, low, limit):
        cut = match.start()
    if cut > start:
        return cut
    # No break at all: cut hard, but not between a letter and its combining mark.
    cut = limit
    while cut > low and unicodedata.combining(text[cut]):
        cut -= 1
    return cut


# -- kinds --------------------------------------------------------------------------


def _classify(text: str, spans: list[tuple[int, int, str]], caption_spans: Sequence[tuple[int, int]]) -> list[str]:
    marked = sorted(caption_spans)
    marked_starts = [s for s, _ in marked]
    kinds: list[str] = []
    after_image = False
    for start, end, kind in spans:
        is_image = False
        if kind == "paragraph":
            if marked and _inside(marked, marked_starts, start):
                kind = "caption"
            elif end - start <= CAPTION_MAX_CHARS:
                piece = text[start:end]
                if _IMAGE_LINE.fullmatch(piece):
                    kind, is_image = "caption", True
                elif after_image or _credit_at_end(piece) or _credit_word(piece):
                    kind = "caption"
        kinds.append(kind)
        after_image = is_image
    return kinds


def _credit_at_end(piece: str) -> bool:
    """Whether a short paragraph ends in a photo credit ("Jane Doe/Reuters").

    >>> _credit_at_end("Fighters near Kabul. Jane Doe/Reuters"), _credit_at_end("Fighters near Kabul.")
    (True, False)
    """
    return _CREDIT_HINT.search(piece) is not None and _CREDIT_END.search(piece) is not None


def _credit_word(piece: str) -> bool:
    """Whether a short paragraph holds a credit's word ("Photo: ...", "Credit: ...").

    >>> _credit_word("Photo: Jane Doe"), _credit_word("Photos show the valley.")
    (True, False)
    """
    return any(hint in piece for hint in _CREDIT_WORD_HINTS) and _CREDIT_WORD.search(piece) is not None


def _inside(marked: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    i = bisect_right(starts, offset) - 1
    return i >= 0 and marked[i][0] <= offset < marked[i][1]
