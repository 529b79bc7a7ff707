"""geo.inputs: decoding, normalisation, HTML, limits and file errors."""

from __future__ import annotations

import os
import random
import tempfile

import pytest

from tests.unprivileged import run_as_nobody

from gazetteer.errors import InputError, PassageAtlasError
from geo.inputs import Article, decode_bytes, decode_text, normalize_text, read_article_file
from geo.limits import Limits, env_var_names


# -- encodings ----------------------------------------------------------------------

@pytest.mark.parametrize("codec, label", [
    ("utf-16", None),           # Python writes a BOM in native order
    ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
    ("utf-32", None),
    ("utf-8-sig", "utf-8-sig"),
])
def test_byte_order_marks_are_honoured(codec, label):
    text = "Snow closed the pass above Tromsø.\n\nΑθήνα waited."
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(codec)
    article = decode_bytes(data)
    assert article.text == text
    assert not article.text.startswith("\ufeff")
    if label:
        assert article.encoding == label
    else:
        assert article.encoding.startswith(codec)


def test_utf16_without_bom_is_recognised():
    article = decode_bytes("Rain over Montevideo.".encode("utf-16-le"))
    assert article.text == "Rain over Montevideo."
    assert article.encoding == "utf-16-le"


def test_utf8_is_tried_first():
    article = decode_bytes("Bogotá and Zürich".encode("utf-8"))
    assert article.text == "Bogotá and Zürich"
    assert article.encoding == "utf-8"


def test_cp1252_fallback_keeps_accents_and_smart_quotes():
    data = "“Bogotá” – the capital".encode("cp1252")
    article = decode_bytes(data)
    assert article.text == "“Bogotá” – the capital"
    assert article.encoding == "cp1252"


def test_latin1_fallback_when_cp1252_cannot_decode():
    # 0x81 is undefined in cp1252; Latin-1 maps it to a C1 control, which is dropped.
    data = "Bogotá".encode("latin-1") + b"\x81 city"
    article = decode_bytes(data)
    assert article.encoding == "latin-1"
    assert article.text == "Bogotá\x81 city"     # kept as read: the engine drops it (geo.offsets)
    assert normalize_text(article.text) == "Bogotá city"


def test_invalid_utf16_after_bom_is_a_clear_error():
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xdc")


# -- normalisation ------------------------------------------------------------------

def test_crlf_and_cr_become_lf():
    article = decode_bytes(b"First line\r\nSecond\rThird\n\r\nFourth")
    assert article.text == "First line\nSecond\nThird\n\nFourth"


def test_control_characters_are_dropped_but_tab_and_newline_kept():
    pasted = "Lima\x00 and\x07 Quito\tand\x1b[0m Cusco\x7f\n\x0cend"
    assert decode_text(pasted).text == pasted      # the article as given; offsets index it
    assert normalize_text(pasted) == "Lima and Quito\tand[0m Cusco\n\nend"


def test_nfc_normalisation():
    decomposed = "Sa\u0303o Tome\u0301"
    assert decode_text(decomposed).text == decomposed
    assert normalize_text(decomposed) == "São Tomé"
    assert len(normalize_text(decomposed)) == 8


def test_pasted_and_uploaded_text_agree():
    text = "Ciudad de México\r\n\r\nThe valley.\x01"
    assert decode_text(text).text == decode_bytes(text.encode("utf-8")).text


def test_lone_surrogates_in_pasted_text_do_not_crash():
    article = decode_text("Oslo \ud800 Bergen")
    article.text.encode("utf-8")  # must be encodable for every export


# -- rejection ----------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode("utf-8-sig"), "  ".encode("utf-16")])
def test_empty_input_is_rejected(data):
    with pytest.raises(InputError, match=r"^The article is empty\.$"):
        decode_bytes(data)


@pytest.mark.parametrize("text", ["", " \n\n\t ", "\x00\x01", "\x0b" * 50_000, "\x85\u2028\x1e \ufeff\x7f\x9f"])
def test_empty_pasted_text_is_rejected(text):
    with pytest.raises(InputError, match="empty"):
        decode_text(text)


@pytest.mark.parametrize("text", ["\x0b" * 50_000 + "Rain in Kabul.", "\u0301", "\u00a0x", "\x01\u200b"])
def test_text_with_anything_visible_is_not_empty(text):
    assert decode_text(text).text


@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP archive"),
])
def test_known_binary_formats_are_named(data, what):
    with pytest.raises(InputError) as info:
        decode_bytes(data, filename="article.txt")
    message = str(info.value)
    assert what in message
    assert "\n" not in message


def test_random_bytes_are_rejected_as_binary():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data)


def test_random_bytes_without_nul_are_rejected_by_control_share():
    rng = random.Random(11)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(InputError, match="control characters"):
        decode_bytes(data)


def test_a_few_stray_controls_do_not_make_text_binary():
    data = b"Dakar\x1a is on the coast." * 3
    assert normalize_text(decode_bytes(data).text) == "Dakar is on the coast." * 3


def test_nul_bytes_in_8bit_text_are_binary():
    with pytest.raises(InputError, match="NUL"):
        decode_bytes(b"Accra\x00\x00\x00 is a city with \x00 some \x00 text")


def test_input_error_is_a_project_error_and_a_value_error():
    with pytest.raises(PassageAtlasError):
        decode_text("")
    with pytest.raises(ValueError):
        decode_text("")


def test_wrong_types_are_named():
    with pytest.raises(InputError, match="str"):
        decode_bytes("text")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="bytes"):
        decode_text(b"text")  # type: ignore[arg-type]


# -- limits -------------------------------------------------------------------------

def test_oversize_text_names_size_and_limit():
    limits = Limits(max_input_bytes=10_000_000)
    text = "a" * 10_000_001
    with pytest.raises(InputError) as info:
        decode_text(text, limits=limits)
    message = str(info.value)
    assert "10,000,001 bytes" in message
    assert "10,000,000 bytes" in message
    assert "PASSAGE_ATLAS_MAX_INPUT_BYTES" in message
    with pytest.raises(InputError, match="10,000,001 bytes"):
        decode_bytes(text.encode("ascii"), limits=limits)


def test_size_counts_utf8_bytes_not_characters():
    limits = Limits(max_input_bytes=100)
    with pytest.raises(InputError, match="the limit is"):
        decode_text("é" * 60, limits=limits)   # 60 characters, 120 bytes
    assert decode_text("e" * 100, limits=limits).text == "e" * 100


def test_text_at_the_limit_is_accepted():
    limits = Limits(max_input_bytes=1_000)
    assert len(decode_bytes(b"x" * 1_000, limits=limits).text) == 1_000


def test_limits_from_environment(monkeypatch):
    monkeypatch.setenv("PASSAGE_ATLAS_MAX_INPUT_BYTES", "50")
    with pytest.raises(InputError, match="50 bytes"):
        decode_text("y" * 51)
    monkeypatch.setenv("PASSAGE_ATLAS_MAX_INPUT_BYTES", "lots")
    with pytest.raises(InputError, match="PASSAGE_ATLAS_MAX_INPUT_BYTES must be a whole number"):
        decode_text("y")


def test_limits_reject_nonsense():
    with pytest.raises(InputError, match="positive"):
        Limits(max_places=0)
    assert Limits.from_env({"PASSAGE_ATLAS_MAX_UPLOAD_BYTES": "2_000"}).max_upload_bytes == 2000
    assert set(env_var_names()) == {
        "PASSAGE_ATLAS_MAX_INPUT_BYTES", "PASSAGE_ATLAS_MAX_PLACES", "PASSAGE_ATLAS_MAX_UPLOAD_BYTES",
        "PASSAGE_ATLAS_MAX_MENTIONS", "PASSAGE_ATLAS_MAX_PASTE_BYTES", "PASSAGE_ATLAS_MAX_CACHE_BYTES"}


# -- formats and titles -------------------------------------------------------------

HOSTILE_HTML = """<!DOCTYPE html>
<html><head><title>Floods in the Delta &amp; &quot;beyond&quot;</title>
<style>body { color: red } p::after { content: "STYLE-LEAK" }</style>
<script>alert(1); document.write("SCRIPT-LEAK")</script>
</head><body>
<nav>Home</nav>
<h1>Rivers rise near Dhaka</h1>
<p>Water reached <b>Sylhet</b> on&nbsp;Monday,
   officials said &mdash; 3 &lt; 4.</p>
<noscript>NOSCRIPT-LEAK</noscript><template><p>TEMPLATE-LEAK</p></template>
<iframe src="https://example.invalid">IFRAME-LEAK</iframe>
<figure><img src="x.jpg" onerror="alert(2)"><figcaption>Boats on the river. Ana Li for The New York Times</figcaption></figure>
<h2>Aid</h2><ul><li>Rice</li><li>Water</li></ul>
<p>Line one<br>Line two</p>
<table><tr><td>Khulna</td><td>12</td></tr></table>
</body></html>"""


def test_html_is_reduced_to_paragraphs_without_code():
    article = decode_bytes(HOSTILE_HTML.encode("utf-8"), filename="page.html")
    text = article.text
    assert article.source_format == "html"
    for leak in ("alert", "STYLE-LEAK", "SCRIPT-LEAK", "NOSCRIPT-LEAK", "TEMPLATE-LEAK", "IFRAME-LEAK", "<", "onerror"):
        assert leak not in text.replace("3 < 4", ""), leak
    assert "Water reached Sylhet on\u00a0Monday, officials said \u2014 3 < 4." in text.split("\n\n")
    blocks = text.split("\n\n")
    assert "# Rivers rise near Dhaka" in blocks
    assert "## Aid" in blocks
    assert ["Rice", "Water"] == [b for b in blocks if b in ("Rice", "Water")]
    assert "Line one" in blocks and "Line two" in blocks
    assert "Khulna 12" in blocks
    assert article.title == 'Floods in the Delta & "beyond"'


def test_html_caption_spans_point_at_figcaptions():
    article = decode_bytes(HOSTILE_HTML.encode("utf-8"), filename="page.htm")
    assert [article.text[s:e] for s, e in article.caption_spans] == [
        "Boats on the river. Ana Li for The New York Times"]


def test_html_title_falls_back_to_first_h1_and_is_sniffed():
    article = decode_text("<div><h1>Storm over &Aring;lesund</h1><p>Winds rose.</p></div>")
    assert article.source_format == "html"
    assert article.title == "Storm over Ålesund"
    assert article.text == "# Storm over Ålesund\n\nWinds rose."


def test_prose_mentioning_a_tag_is_not_html():
    article = decode_text("Editors write <p> before a paragraph in Lagos newsrooms.")
    assert article.source_format == "text"
    assert "<p>" in article.text


def test_txt_extension_wins_over_sniffing():
    article = decode_bytes(b"<html> is how a page starts, said the teacher in Quito.", filename="notes.TXT")
    assert article.source_format == "text"


def test_html_without_text_is_an_error():
    with pytest.raises(InputError, match="no readable text"):
        decode_bytes(b"<html><script>x()</script></html>", filename="a.html")


def test_markdown_title_is_first_heading():
    article = decode_bytes(b"Intro line\n\n## The road to Mazar ##\n\nText.", filename="a.md")
    assert article.source_format == "markdown"
    assert article.title == "The road to Mazar"


def test_plain_text_title_is_a_short_first_line():
    assert decode_text("\n\nHeat wave in Perth\n\nIt was hot.").title == "Heat wave in Perth"
    assert decode_text("x" * 500).title == ""


def test_article_is_frozen():
    article = decode_text("Nairobi")
    with pytest.raises(AttributeError):
        article.text = "Mombasa"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Article("x", source_format="pdf")


# -- files --------------------------------------------------------------------------

def test_read_article_file(tmp_path):
    path = tmp_path / "story.md"
    path.write_bytes("# Bergen\r\n\r\nRain.".encode("utf-16"))
    article = read_article_file(path)
    assert article.text == "# Bergen\n\nRain."
    assert article.source_format == "markdown"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="No such file"):
        read_article_file(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_article_file(tmp_path)


def _error_message_as_unprivileged_user(path) -> str:
    """Call read_article_file(path) where permissions apply: root reads anything, so
    as root the call runs in a forked child that has dropped to uid/gid 65534."""
    def attempt() -> str:
        try:
            read_article_file(path)
        except InputError as exc:
            return str(exc)
        return "no error"

    return run_as_nobody(attempt)


def test_permission_denied():
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        os.chmod(folder, 0o755)
        path = os.path.join(folder, "secret.txt")
        with open(path, "w") as handle:
            handle.write("Hanoi")
        os.chmod(path, 0)
        message = _error_message_as_unprivileged_user(path)
    assert message == f"Cannot read {path}: permission denied."


def test_oversize_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(3_000_000)  # sparse: size without content
    with pytest.raises(InputError, match="3,000,000 bytes"):
        read_article_file(path, limits=Limits(max_input_bytes=1_000_000))
