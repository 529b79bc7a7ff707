"""From what a user hands us (file bytes, a path, pasted text) to the article text.

Every mention offset refers to ``Article.text``, so this is the one place that decides
what that text is: decoded, line endings unified as Python's text mode does (``\r\n``
and ``\r`` become ``\n``), nothing else changed; HTML is reduced to normalised
paragraphs. The engine normalises the rest for itself (control characters, NFC) and
maps its offsets back (``geo.offsets``). Anything unusable raises
:class:`~gazetteer.errors.InputError` with a one-line message a reader can act on.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from gazetteer.errors import InputError
from geo.limits import Limits, current_limits
from geo.offsets import normalize_with_map

SOURCE_FORMATS = ("text", "markdown", "html")

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_TEXT_SUFFIXES = {".txt", ".text"}

# Longest first line that still reads as a headline rather than a paragraph.
_TITLE_MAX_CHARS = 160

# File signatures of formats people upload by mistake; named so the message helps.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (Word .docx and OpenDocument files are ZIP archives)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)
_SAVE_AS_TEXT = "save the article as plain text, Markdown or HTML and try again"

# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls except tab and newline, DEL, and C1 controls: invisible, and browsers
# count or drop them differently, which would shift every offset after them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# What Python's text mode unifies, and all that an article's text as read unifies.
_NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class Article:
    """An article ready for the engine: ``text`` is what all offsets refer to.

    ``encoding`` says how bytes were decoded ("utf-8", "utf-16-le", "cp1252", ...);
    "unicode" for pasted text. ``caption_spans`` are (start, end) offsets of paragraphs
    that the source marked as captions (HTML ``<figcaption>``); pass them to
    :func:`geo.passages.split_passages`.

    >>> decode_text("# Kabul\\r\\n\\r\\nA city.").title
    'Kabul'
    """

    text: str
    title: str = ""
    source_format: str = "text"
    encoding: str = "unicode"
    caption_spans: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.source_format not in SOURCE_FORMATS:
            raise ValueError(f"unknown source format {self.source_format!r}")


def decode_bytes(data: bytes, *, filename: str | None = None, limits: Limits | None = None) -> Article:
    """Decode an uploaded file's bytes into an :class:`Article`.

    ``filename`` (only its extension is used) tells HTML and Markdown apart from text;
    without one the content is sniffed.

    >>> a = decode_bytes("Bogotá".encode("cp1252"))
    >>> a.text, a.encoding
    ('Bogotá', 'cp1252')
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"expected the file's bytes, got {type(data).__name__}")
    data = bytes(data)
    limits = limits or current_limits()
    check_size(len(data), limits)
    if not data.strip():
        raise InputError("The article is empty.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"This file is {what}, not text: {_SAVE_AS_TEXT}.")
    text, encoding = _decode(data)
    return _finish(text, encoding=encoding, fmt=_format_of(text, filename), filename=filename, limits=limits)


def decode_text(text: str, *, filename: str | None = None, limits: Limits | None = None) -> Article:
    """Pasted text as an :class:`Article`, under the same limits as a file; its text is
    the paste with line endings unified (what a browser's text box sends anyway).

    >>> decode_text("Herat\\rKandahar\\x07").text
    'Herat\\nKandahar\\x07'
    """
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    limits = limits or current_limits()
    # A str has at least one byte per character: check cheaply before encoding.
    check_size(len(text), limits)
    if not text.isascii():
        check_size(len(text.encode("utf-8", "surrogatepass")), limits)
        # Lone surrogates cannot be shown or exported; "?" keeps every offset.
        text = text.encode("utf-8", "replace").decode("utf-8")
    if not text.strip():
        raise InputError("The article is empty.")
    return _finish(text, encoding="unicode", fmt=_format_of(text, filename), filename=filename, limits=limits)


def read_article_file(path: str | Path, *, limits: Limits | None = None) -> Article:
    """Read and decode an article file; every failure is an :class:`InputError`.

    >>> read_article_file("/no/such/article.txt")
    Traceback (most recent call last):
    ...
    gazetteer.errors.InputError: No such file: /no/such/article.txt
    """
    path = Path(path)
    limits = limits or current_limits()
    ensure_regular_file(path)
    try:
        with path.open("rb") as handle:
            # Read one byte past the limit: enough to know it is too big, no more.
            data = handle.read(limits.max_input_bytes + 1)
            if len(data) > limits.max_input_bytes:
                size = path.stat().st_size
                check_size(max(size, len(data)), limits)
    except FileNotFoundError:
        raise InputError(f"No such file: {path}") from None
    except PermissionError:
        raise InputError(f"Cannot read {path}: permission denied.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return decode_bytes(data, filename=path.name, limits=limits)


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def ensure_regular_file(path: str | Path) -> None:
    """Refuse what is not a regular file before opening it: reading a FIFO, a socket or
    a device could wait for ever or never end. Standard input is read with ``-``.

    >>> ensure_regular_file("/dev/null")
    Traceback (most recent call last):
    ...
    gazetteer.errors.InputError: /dev/null is a character device, not a file: pass a regular file, or - to read standard input.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"No such file: {path}") from None
    except PermissionError:
        raise InputError(f"Cannot read {path}: permission denied.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a folder, not a file.")
    for test, what in _SPECIAL_FILES:
        if test(mode):
            raise InputError(f"{path} is {what}, not a file: pass a regular file, or - to read standard input.")


def read_standard_input(*, limits: Limits | None = None) -> bytes:
    """Standard input's bytes, read only one byte past the size limit: an endless pipe
    is refused at the limit instead of filling the memory."""
    import sys
    limits = limits or current_limits()
    if sys.stdin is None:   # started with standard input closed ("<&-")
        raise InputError("There is no standard input to read: pass a file, or pipe the text in.")
    data = sys.stdin.buffer.read(limits.max_input_bytes + 1)
    check_size(len(data), limits)
    return data


def normalize_text(text: str) -> str:
    """The text the engine reads: line endings unified, control characters dropped, NFC.

    >>> normalize_text("Sa\\u0303o\\r\\nPaulo\\x00")
    'São\\nPaulo'
    """
    return normalize_with_map(text)[0]


# -- decoding -----------------------------------------------------------------------


def check_size(size: int, limits: Limits) -> None:
    """Refuse an article of ``size`` bytes over the limit, naming both.

    >>> check_size(13, Limits(max_input_bytes=12))
    Traceback (most recent call last):
    ...
    gazetteer.errors.InputError: The article is 0.0 MB (13 bytes); the limit is 0.0 MB (12 bytes), set by PASSAGE_ATLAS_MAX_INPUT_BYTES.
    """
    if size > limits.max_input_bytes:
        raise InputError(
            f"The article is {_megabytes(size)} ({size:,} bytes); the limit is "
            f"{_megabytes(limits.max_input_bytes)} ({limits.max_input_bytes:,} bytes), "
            f"set by PASSAGE_ATLAS_MAX_INPUT_BYTES."
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"The file starts with a {codec.upper().removesuffix('-SIG')} byte-order mark "
                    f"but is not valid {codec.upper().removesuffix('-SIG')} (bad byte at position {exc.start})."
                ) from None
            return text.removeprefix("\ufeff"), codec
    codec = _bomless_utf16(data)
    if codec:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(f"This file looks binary (it contains NUL bytes), not text: {_SAVE_AS_TEXT}.")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
            text, encoding = data.decode("latin-1"), "latin-1"
    # CR, vertical tab, form feed and NEL end lines in real text files (normalize_text
    # turns them into newlines); only the other controls suggest a binary file.
    bad = len(_CONTROL.findall(_LINE_BREAKS.sub("", text)))
    if bad > max(4, len(text) * 0.02):
        raise InputError(
            f"This file looks binary ({bad:,} control characters in {len(text):,}), not text: {_SAVE_AS_TEXT}."
        )
    return text, encoding


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as ASCII with every other byte NUL."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.6 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.6 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _format_of(text: str, filename: str | None) -> str:
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    if _looks_like_html(text):
        return "html"
    if _MD_HEADING.search(text[:20_000]):
        return "markdown"
    return "text"


_HTML_STRONG = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_HTML_BLOCK = re.compile(r"<(?:p|div|article|section|h[1-6]|figure|ul|ol|table)[\s>]", re.I)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)


def _looks_like_html(text: str) -> bool:
    head = text[:8192]
    if _HTML_STRONG.search(head):
        return True
    # A bare fragment (pasted page source) starts with a tag; prose that merely
    # mentions "<p>" once does not.
    stripped = head.lstrip()
    if stripped.startswith("<") and _HTML_BLOCK.search(stripped[:200]):
        return True
    return len(re.findall(r"<p[\s>]", head, re.I)) >= 2 and "</p>" in head.lower()


# Anything normalize_text keeps that strip() would not remove: the emptiness test,
# without normalising the whole text on the server's thread (3,000,000 vertical tabs
# took 20 s and 750 MB to find empty that way).
_VISIBLE = re.compile(r"[^\s\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff]")


def _finish(text: str, *, encoding: str, fmt: str, filename: str | None, limits: Limits) -> Article:
    captions: tuple[tuple[int, int], ...] = ()
    title = ""
    if fmt == "html":
        text, captions, title = _html_article(normalize_text(text))
    else:
        text = _NEWLINES.sub("\n", text)
    if not _VISIBLE.search(text):
        raise InputError("The article is empty." if fmt != "html" else "The HTML page has no readable text.")
    check_size(len(text) if text.isascii() else len(text.encode("utf-8")), limits)
    title = normalize_text(title or _title_of(text, fmt))
    return Article(text=text, title=title, source_format=fmt, encoding=encoding, caption_spans=captions)


def _title_of(text: str, fmt: str) -> str:
    if fmt in ("markdown", "html"):
        match = _MD_HEADING.search(text)
        if match:
            line_end = text.find("\n", match.start())
            line = text[match.start(): line_end if line_end >= 0 else len(text)]
            return line.strip().strip("#").strip()
    for line in text[:4096].split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= _TITLE_MAX_CHARS else ""
    return ""


# -- HTML ---------------------------------------------------------------------------

# Contents never shown to a reader: code, styling, fallbacks, embedded frames.
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "math", "object", "select", "button"})
_BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "tr", "table",
    "section", "article", "header", "footer", "main", "aside", "nav", "figure", "pre",
    "hr", "address", "form", "fieldset", "details", "summary", "body", "caption",
})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CELLS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _TextExtractor(HTMLParser):
    """Collects (kind, text) blocks: kind is "paragraph", "heading" or "caption"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.title = ""
        self.first_h1 = ""
        self._parts: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._title_parts: list[str] = []
        self._heading_level = 0
        self._caption_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _HEADINGS:
            self._flush()
            self._heading_level = _HEADINGS[tag]
        elif tag == "figcaption":
            self._flush()
            self._caption_depth += 1
        elif tag in _BLOCK:
            self._flush()
        elif tag in _CELLS:
            self._parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>; a self-closed <iframe/> has no contents to skip.
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "title":
            self._in_title = False
            if not self.title:
                self.title = _HTML_SPACE.sub(" ", "".join(self._title_parts)).strip()
        elif tag in _HEADINGS:
            self._flush()
        elif tag == "figcaption":
            self._flush()
            self._caption_depth = max(0, self._caption_depth - 1)
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._in_title:
            self._title_parts.append(data)
            return
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = _HTML_SPACE.sub(" ", "".join(self._parts)).strip()
        self._parts.clear()
        level, self._heading_level = self._heading_level, 0
        if not text:
            return
        if level:
            if level == 1 and not self.first_h1:
                self.first_h1 = text
            # A Markdown-style heading line, so the passage splitter sees a heading.
            self.blocks.append(("heading", "#" * level + " " + text))
        elif self._caption_depth:
            self.blocks.append(("caption", text))
        else:
            self.blocks.append(("paragraph", text))


def _html_article(html: str) -> tuple[str, tuple[tuple[int, int], ...], str]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    pieces: list[str] = []
    captions: list[tuple[int, int]] = []
    offset = 0
    for kind, block in parser.blocks:
        # Entities can decode to controls or decomposed letters: normalise each block.
        block = normalize_text(block).replace("\n", " ").strip()
        if not block:
            continue
        if pieces:
            offset += 2
        if kind == "caption":
            captions.append((offset, offset + len(block)))
        pieces.append(block)
        offset += len(block)
    return "\n\n".join(pieces), tuple(captions), parser.title or parser.first_h1
