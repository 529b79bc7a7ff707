"""Properties of ``geo.pipeline.parse`` that must hold for any text at all.

Hypothesis draws arbitrary Unicode and a mix of place names, punctuation, line breaks
and words in other scripts; whatever comes in, parse must not raise, every offset it
reports must point at the text it claims, and the result must not depend on the run.
"""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geo.pipeline import parse

# Names the small gazetteer knows (so recognition and resolution really run), names it
# half knows, and words that look like names but are not places.
PLACE_WORDS = (
    "Kabul", "Paris", "Texas", "Panjshir", "Herat", "Moscow", "Tehran", "Berlin", "Georgia",
    "Washington", "New York", "Mazar-i-Sharif", "Kandahar's", "the Hindu Kush", "Salang Pass",
    "Afghan", "French", "Soviet", "Paris, Texas", "St. Petersburg", "Bamyan", "Ghazni",
)
OTHER_WORDS = (
    "said", "the", "and", "in", "of", "Mr.", "General", "Massoud", "Taliban", "Ahmad",
    "The", "river", "Valley", "North", "Province", "U.S.", "N.A.T.O.", "e.g.", "1989",
    "کابل", "هرات", "پنجشیر", "طالبان", "Москва", "Кабул", "Россия", "Zürich", "São", "Ñuñoa",
    "O'Brien", "d'Ivoire", "Côte", "al-Qaeda", "well-known", "north-east", "\u200b", "\u0301",
    "ﬁ", "Ⅻ", "😀", "İstanbul", "ß", "\ufeff",
)
SEPARATORS = (
    " ", " ", " ", ", ", ". ", "\n", "\n\n", "\r\n", "\t", " - ", "—", "'", "’", "\"", "“", "(", ")",
    ":", ";", "!", "?", "#", "# ", "\n# ", "* ", "> ", "...", "-", "/", "\u00a0", "\u2028", "\x00",
)

token = st.one_of(st.sampled_from(PLACE_WORDS), st.sampled_from(OTHER_WORDS), st.sampled_from(SEPARATORS),
                  st.text(max_size=6))
newsy_text = st.lists(token, max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=400), newsy_text)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _all_mentions(result):
    for group in (result.places, result.unresolved, result.demonyms):
        for item in group:
            yield from item.mentions


def _check_result(text, result, *, given=False):
    assert result.text == text
    previous_end = 0
    for index, passage in enumerate(result.passages):
        assert passage.index == index
        assert 0 <= passage.start < passage.end <= len(text), passage
        assert passage.start >= previous_end, f"passages overlap or are out of order: {result.passages}"
        previous_end = passage.end
    for mention in _all_mentions(result):
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert mention.text == text[mention.start:mention.end], mention
        assert 0 <= mention.passage < len(result.passages), mention
        passage = result.passages[mention.passage]
        if given:
            # A user's span may run past a paragraph's end; it belongs where it starts
            # (or to the passage before, when it starts in the gap between two).
            assert passage.start <= mention.start or mention.passage == 0, (mention, passage)
            later = result.passages[mention.passage + 1:]
            assert not later or mention.start < later[0].start, (mention, passage)
        else:
            assert passage.start <= mention.start and mention.end <= passage.end, (mention, passage)
    for group in (result.places, result.unresolved, result.demonyms):
        for item in group:
            assert item.mentions, f"{item.key} has no mentions"
            starts = [m.start for m in item.mentions]
            assert starts == sorted(starts)


@PROPERTY_SETTINGS
@given(text=any_text)
def test_parse_never_raises_and_offsets_point_at_their_text(small_gazetteer, text):
    _check_result(text, parse(text, small_gazetteer))


@PROPERTY_SETTINGS
@given(text=newsy_text)
def test_parse_is_deterministic(small_gazetteer, text):
    assert parse(text, small_gazetteer) == parse(text, small_gazetteer)


@PROPERTY_SETTINGS
@given(text=newsy_text, data=st.data())
def test_given_spans_are_kept_exactly(small_gazetteer, text, data):
    """Spans from a user's own recogniser come back as mentions at exactly those offsets,
    or are dropped only when they are out of range or empty."""
    # Spans over names only: a blank span is a separate, known case (test below).
    spans = [s for s in data.draw(st.lists(st.tuples(st.integers(-3, len(text) + 3),
                                                     st.integers(-3, len(text) + 3)), max_size=8))
             if text[max(s[0], 0):max(s[1], 0)].strip()]
    result = parse(text, small_gazetteer, given_spans=spans)
    _check_result(text, result, given=True)
    kept = {(m.start, m.end) for group in (result.places, result.unresolved) for item in group for m in item.mentions}
    valid = {(s, e) for s, e in spans if 0 <= s < e <= len(text)}
    assert kept <= valid


def test_the_mixed_strategy_reaches_places(small_gazetteer):
    """Guards the strategy itself: a text drawn from its words does resolve places, so the
    properties above are exercised on real recognitions, not only on empty results."""
    result = parse("Fighting reached Kabul and Herat.\n\nLater, Paris, Texas and Moscow.", small_gazetteer)
    names = {p.name for p in result.places}
    assert {"Kabul", "Herat", "Moscow"} <= names
    _check_result(result.text, result)


def test_a_blank_given_span_is_not_a_mention(small_gazetteer):
    """A user's recogniser that emits a span of only spaces must not yield a place with an
    empty key ("unresolved:") whose mention points at passage -1 (no passage at all)."""
    for text, spans in (("   ", [(0, 3)]), ("Kabul\n\n \n", [(0, 5), (7, 9)])):
        result = parse(text, small_gazetteer, given_spans=spans)
        for group in (result.places, result.unresolved):
            for item in group:
                assert item.name.strip(), item
                assert item.key != "unresolved:", item
                for mention in item.mentions:
                    assert 0 <= mention.passage < len(result.passages), mention


# -- offsets index the text as given, on every path (issue 10) -----------------------

# Characters the engine normalises away or together: CRLF, lone CR, NUL and other
# controls, a byte-order mark, decomposed letters (NFD "Montréal", "São").
AS_GIVEN_WORDS = PLACE_WORDS + ("Montre\u0301al", "Sa\u0303o Paulo", "Zu\u0308rich", "Kabul\u0301", "\u00c5land")
AS_GIVEN_SEPARATORS = (" ", " ", ". ", "\r\n", "\r\n\r\n", "\r", "\n\n", "\x00", "\x07", "\x1b", "\x7f", "\x85",
                       "\u0301", "\u0308", "\ufeff", "\u2028", "\t", ", ")
as_given_text = st.lists(st.one_of(st.sampled_from(AS_GIVEN_WORDS), st.sampled_from(AS_GIVEN_SEPARATORS),
                                   st.sampled_from(OTHER_WORDS)), min_size=1, max_size=40).map("".join)
CLI_SETTINGS = settings(max_examples=60, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _assert_indexes_given(given: str, spans) -> None:
    from geo.inputs import normalize_text
    for start, end, text in spans:
        assert given[start:end] == text, (start, end, text, given)
        # And the span is the name itself, not a shifted neighbour of it.
        assert normalize_text(text).strip() == normalize_text(text), (text, given)
        assert normalize_text(text), (start, end, given)


@pytest.fixture(scope="module")
def cli_data(small_gazetteer, tmp_path_factory):
    """A data folder holding the small gazetteer, for the command line run in-process."""
    import shutil
    folder = tmp_path_factory.mktemp("offsets-cli")
    shutil.copyfile(small_gazetteer.path, folder / "gazetteer.sqlite")
    previous = os.environ.get("PASSAGE_ATLAS_DATA")
    os.environ["PASSAGE_ATLAS_DATA"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("PASSAGE_ATLAS_DATA", None)
    else:
        os.environ["PASSAGE_ATLAS_DATA"] = previous


def _cli(*argv: str) -> tuple[int, str, str]:
    from geo.cli import main
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@CLI_SETTINGS
@given(text=as_given_text)
@example(text="\ufeffKabul\x00")   # a UTF-16 file whose text itself starts with U+FEFF
def test_parse_file_offsets_index_the_text_as_read(cli_data, text):
    """``parse FILE``: offsets index the file's text as read: decoded, ``\\r\\n`` and
    ``\\r`` unified to ``\\n`` as Python's text mode does, nothing else normalised."""
    path = cli_data / "article.txt"
    # A NUL byte makes a UTF-8 file binary; in UTF-16 (with its mark) it is a character.
    path.write_bytes(text.encode("utf-16") if "\x00" in text else text.encode("utf-8"))
    code, out, err = _cli("parse", str(path))
    if code == 2:
        assert err.startswith("error: ") and err.count("\n") == 1, err
        return
    assert code == 0, err
    # A UTF-8 file's leading U+FEFF is its byte-order mark and is dropped; in UTF-16 the
    # codec drops its own mark, and a U+FEFF of the text after it is a character of it.
    as_read = (text if "\x00" in text else text.removeprefix("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    collection = json.loads(out)
    spans = [(m["start"], m["end"], m["text"]) for f in collection["features"] for m in f["properties"]["mentions"]]
    spans += [(m["start"], m["end"], m["text"]) for item in collection["unresolved"] for m in item["mentions"]]
    _assert_indexes_given(as_read, spans)
    for passage in collection["passages"]:
        assert 0 <= passage["start"] <= passage["end"] <= len(as_read)


@CLI_SETTINGS
@given(text=as_given_text)
def test_jsonl_offsets_index_the_line_text_exactly(cli_data, text):
    """``parse --jsonl``: offsets index each document's ``text`` exactly as it is in its
    line (CRLF, NFD, controls and NUL included)."""
    path = cli_data / "docs.jsonl"
    path.write_text(json.dumps({"id": "d", "text": text}) + "\n", encoding="utf-8")
    code, out, err = _cli("parse", "--jsonl", str(path))
    if code == 2:
        assert err.startswith("error: ") and err.count("\n") == 1, err
        return
    assert code == 0, err
    row = json.loads(out)
    _assert_indexes_given(text, [(t["start"], t["end"], t["text"]) for t in row["toponyms"]])


@CLI_SETTINGS
@given(text=as_given_text)
def test_pasted_article_offsets_index_the_paste(small_gazetteer, text):
    """The dashboard's paste path (``decode_text`` then the engine, as pages/articles.py
    does): the saved text is the paste with line endings unified, and every mention and
    passage indexes it."""
    from gazetteer.errors import InputError
    from geo.inputs import decode_text
    try:
        article = decode_text(text)
    except InputError:
        return
    assert article.text == text.replace("\r\n", "\n").replace("\r", "\n")
    result = parse(article.text, small_gazetteer, caption_spans=article.caption_spans)
    assert result.text is article.text
    _check_result(article.text, result)
    _assert_indexes_given(article.text, [(m.start, m.end, m.text) for m in _all_mentions(result)])


def test_the_issue_example_crlf_line(cli_data):
    text = "Intro line.\r\n\r\nFighting reached Kabul."
    path = cli_data / "crlf.jsonl"
    path.write_text(json.dumps({"id": "c", "text": text}) + "\n", encoding="utf-8")
    code, out, err = _cli("parse", "--jsonl", str(path))
    assert code == 0, err
    (toponym,) = json.loads(out)["toponyms"]
    assert text[toponym["start"]:toponym["end"]] == "Kabul" == toponym["name"]


def test_nfd_and_nul_do_not_shift_later_offsets(small_gazetteer):
    text = "Talks in Montre\u0301al.\x00\r\n\r\nFighting reached Kabul and Herat."
    result = parse(text, small_gazetteer)
    found = {m.text: (m.start, m.end) for m in _all_mentions(result)}
    assert found["Kabul"] == (text.index("Kabul"), text.index("Kabul") + 5)
    assert found["Herat"] == (text.index("Herat"), text.index("Herat") + 5)
    assert text[slice(*found["Montre\u0301al"])] == "Montre\u0301al"
