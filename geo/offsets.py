"""Offsets into the text as given: normalise for the engine, then map every offset back.

The engine reads a normalised text (line endings unified, control characters dropped,
NFC). A reader, a batch user and every export index the text they handed in, so
:func:`normalize_with_map` returns the normalised text together with an
:class:`OffsetMap`, and :func:`restore_given` moves a whole ``ParseResult`` back onto
the given text. ``geo.pipeline.parse`` applies both, so every output of every path
(GeoJSON, CSV, KML, JSONL, the dashboard) has offsets into the text it was given.

The map is sparse: one entry per place where the two texts differ, so an unchanged
12 MB article costs nothing and a CRLF one costs one entry per line.

>>> text, offsets = normalize_with_map("Intro.\\r\\n\\r\\nKabul.")
>>> text
'Intro.\\n\\nKabul.'
>>> offsets.to_given(8, 13)
(10, 15)
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from geo.model import Mention, ParseResult, Passage, ResolvedPlace

# C0 controls except tab and newline, DEL, and C1 controls: invisible, and browsers
# count or drop them differently. Line breaks of every kind become "\n".
_LINE_BREAK = r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
_CONTROL = r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]"
_CHANGED = re.compile(f"({_LINE_BREAK})|{_CONTROL}")
# Any character _CHANGED can match, as one class: most texts hold none, and a search
# for a class is several times faster than one for _CHANGED's alternatives (a test
# holds the two alike for every character).
_ANY_CHANGED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Text outside ASCII: the only place NFC can change anything. An ASCII character never
# composes with the character before it, so each run plus the character before it can
# be normalised on its own.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Where a normalised text differs from the given one, step by step.

    Each step is a sorted tuple of change regions ``(norm_start, norm_end,
    given_start, given_end)``: that step's output characters ``norm_start:norm_end``
    came from its input characters ``given_start:given_end``; between regions the two
    agree character for character. Steps apply in order, so positions map back
    through them last to first.

    >>> OffsetMap().to_given(3, 5)
    (3, 5)
    """

    steps: tuple[tuple[tuple[int, int, int, int], ...], ...] = ()

    @property
    def identity(self) -> bool:
        return not any(self.steps)

    def then(self, regions: tuple[tuple[int, int, int, int], ...]) -> OffsetMap:
        """This map followed by one more normalisation step."""
        return OffsetMap(self.steps + (regions,)) if regions else self

    def to_given(self, start: int, end: int) -> tuple[int, int]:
        """The given text's span for the normalised span ``start:end`` (widened to
        whole changed regions, never narrowed)."""
        for regions in reversed(self.steps):
            start, end = _back(regions, start, end=False), _back(regions, end, end=True)
        return start, max(start, end)


def _back(regions: tuple[tuple[int, int, int, int], ...], position: int, *, end: bool) -> int:
    index = bisect.bisect_right(regions, (position, float("inf"))) - 1
    if index < 0:
        return position
    norm_start, norm_end, given_start, given_end = regions[index]
    if norm_start == norm_end == position:
        # Dropped characters sit before the character at ``position``: a span that
        # starts there starts after them, one that ends there ends before them.
        return given_start if end else given_end
    if position >= norm_end:
        return position - norm_end + given_end
    if position == norm_start:
        return given_start
    return given_end if end else given_start


def _merged(regions: list[tuple[int, int, int, int]]) -> tuple[tuple[int, int, int, int], ...]:
    """Regions that overlap or touch become one (offsets only ever widen)."""
    out: list[tuple[int, int, int, int]] = []
    for region in sorted(regions):
        if out and region[0] <= out[-1][1] and region[2] <= out[-1][3]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], region[1]), last[2], max(last[3], region[3]))
        else:
            out.append(region)
    return tuple(out)


def normalize_with_map(given: str) -> tuple[str, OffsetMap]:
    """The engine's text for ``given`` (line endings unified, control characters and a
    leading byte-order mark dropped, NFC) and the map back to ``given``.

    >>> normalize_with_map("Montre\\u0301al\\x00 and Kabul")[0]
    'Montréal and Kabul'
    """
    text, regions = _breaks_and_controls(given)
    offsets = OffsetMap().then(regions)
    if text.startswith("\ufeff"):
        text = text[1:]
        offsets = offsets.then(((0, 0, 0, 1),))
    text, regions = _nfc(text)
    return text, offsets.then(regions)


def _breaks_and_controls(given: str) -> tuple[str, tuple[tuple[int, int, int, int], ...]]:
    if _ANY_CHANGED.search(given) is None:
        return given, ()
    pieces: list[str] = []
    regions: list[tuple[int, int, int, int]] = []
    cursor = 0
    length = 0
    for match in _CHANGED.finditer(given):
        start, end = match.span()
        replacement = "\n" if match.group(1) else ""
        pieces.append(given[cursor:start])
        length += start - cursor
        if replacement != match.group():
            regions.append((length, length + len(replacement), start, end))
        pieces.append(replacement)
        length += len(replacement)
        cursor = end
    pieces.append(given[cursor:])
    return "".join(pieces), _merged(regions)


def _nfc(text: str) -> tuple[str, tuple[tuple[int, int, int, int], ...]]:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text, ()
    pieces: list[str] = []
    regions: list[tuple[int, int, int, int]] = []
    cursor = 0
    shift = 0
    for match in _NON_ASCII.finditer(text):
        start = max(match.start() - 1, cursor)
        piece = text[start:match.end()]
        normal = unicodedata.normalize("NFC", piece)
        if normal == piece:
            continue
        pieces.append(text[cursor:start])
        for offset, (given_part, normal_part) in _clusters(piece, normal):
            if given_part != normal_part:
                norm_at = start + offset + shift
                regions.append((norm_at, norm_at + len(normal_part), start + offset, start + offset + len(given_part)))
            shift += len(normal_part) - len(given_part)
        pieces.append(normal)
        cursor = match.end()
    pieces.append(text[cursor:])
    return "".join(pieces), _merged(regions)


def _clusters(piece: str, normal: str) -> list[tuple[int, tuple[str, str]]]:
    """``piece`` split at its starters, each part with its NFC form: fine-grained offsets
    when the parts normalise independently, the whole piece as one part otherwise."""
    parts: list[str] = []
    for char in piece:
        if parts and unicodedata.combining(char):
            parts[-1] += char
        else:
            parts.append(char)
    normals = [unicodedata.normalize("NFC", part) for part in parts]
    if "".join(normals) != normal:
        return [(0, (piece, normal))]
    out = []
    offset = 0
    for part, part_normal in zip(parts, normals):
        out.append((offset, (part, part_normal)))
        offset += len(part)
    return out


def restore_given(result: ParseResult, given: str, offsets: OffsetMap) -> ParseResult:
    """``result`` (of the normalised text) with every offset and mention text moved onto
    ``given``; ``result.text`` becomes ``given``.

    >>> from geo.model import ParseResult
    >>> restore_given(ParseResult("a", (), (), (), ()), "a", OffsetMap()).text
    'a'
    """
    if offsets.identity:
        return result if result.text is given else dataclasses.replace(result, text=given)

    def span(start: int, end: int) -> tuple[int, int]:
        return offsets.to_given(start, end)

    def mention(m: Mention) -> Mention:
        start, end = span(m.start, m.end)
        return dataclasses.replace(m, start=start, end=end, text=given[start:end])

    def place(rp: ResolvedPlace) -> ResolvedPlace:
        return dataclasses.replace(rp, mentions=tuple(mention(m) for m in rp.mentions))

    def anchor(a):
        start, end = span(a.start, a.end)
        return dataclasses.replace(a, start=start, end=end, text=given[start:end])

    def derived(d):
        return dataclasses.replace(d, mention=mention(d.mention), anchors=tuple(anchor(a) for a in d.anchors))

    passages = tuple(Passage(p.index, *span(p.start, p.end), p.kind) for p in result.passages)
    return dataclasses.replace(
        result, text=given, passages=passages, derived=tuple(derived(d) for d in result.derived),
        places=tuple(place(rp) for rp in result.places),
        unresolved=tuple(place(rp) for rp in result.unresolved),
        demonyms=tuple(place(rp) for rp in result.demonyms),
        embedded=tuple(place(rp) for rp in result.embedded),
    )
