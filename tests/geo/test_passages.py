"""geo.passages: offsets, kinds, long lines, speed."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.inputs import decode_bytes
from geo.passages import MAX_PASSAGE_CHARS, passage_index_at, split_passages


def texts_of(text, passages):
    return [p.text_of(text) for p in passages]


def assert_only_whitespace_left_out(text, passages):
    gaps, previous_end = [], 0
    for p in passages:
        gaps.append(text[previous_end:p.start])
        previous_end = p.end
    gaps.append(text[previous_end:])
    assert all(not gap.strip() for gap in gaps)


def test_paragraphs_are_separated_by_blank_lines():
    text = "  First paragraph\nwraps here.\n\n \t\nSecond one.  \n\n\n"
    passages = split_passages(text)
    assert texts_of(text, passages) == ["First paragraph\nwraps here.", "Second one."]
    assert [p.index for p in passages] == [0, 1]
    assert passages[0].start == 2
    assert all(p.kind == "paragraph" for p in passages)


def test_heading_without_blank_line_is_its_own_passage():
    text = "# Snow in the Andes\nRoads closed near Mendoza.\nMore snow fell.\n## Outlook\nCold."
    passages = split_passages(text)
    assert [(p.kind, p.text_of(text)) for p in passages] == [
        ("heading", "# Snow in the Andes"),
        ("paragraph", "Roads closed near Mendoza.\nMore snow fell."),
        ("heading", "## Outlook"),
        ("paragraph", "Cold."),
    ]


def test_hashtags_are_not_headings():
    text = "#Valparaiso trended all day."
    assert split_passages(text)[0].kind == "paragraph"


def test_one_paragraph_per_line_text_is_split_by_line():
    line_a = "The ferry from Piraeus reached the island after a long delay caused by strong winds that blew all night in the Aegean."
    line_b = "Passengers said the crossing was rough, and several cars were damaged on the lower deck of the old ship."
    text = line_a + "\n" + line_b
    assert min(len(line_a), len(line_b)) > 100  # longer than any hard-wrapped line
    assert texts_of(text, split_passages(text)) == [line_a, line_b]


def test_captions_by_credit():
    text = (
        "Fishermen mend nets at dawn. Maria Lopez/Reuters\n\n"
        "A market street in the old town. Sam Green for The New York Times\n\n"
        "Protesters gather outside. via Getty Images\n\n"
        "Credit...Tom Weil\n\n"
        "The minister said the talks would resume in Geneva next week and that both sides wanted a deal.\n\n"
        "He once wrote for The Guardian."
    )
    kinds = [p.kind for p in split_passages(text)]
    assert kinds == ["caption", "caption", "caption", "caption", "paragraph", "paragraph"]


def test_long_paragraph_with_credit_words_is_not_a_caption():
    text = ("The agency's photographers, including one from Reuters, " * 10) + "Jane Doe/Reuters"
    assert split_passages(text)[0].kind == "paragraph"


def test_text_after_an_image_line_is_a_caption():
    text = "Intro.\n\n![](photo.jpg)\n\nA boy at the well.\n\nThe story continues here."
    kinds = [p.kind for p in split_passages(text)]
    assert kinds == ["paragraph", "caption", "caption", "paragraph"]


def test_caption_spans_from_html_are_used():
    html = b"<p>Story text.</p><figure><figcaption>Hills at dusk</figcaption></figure><p>More.</p>"
    article = decode_bytes(html, filename="a.html")
    passages = split_passages(article.text, caption_spans=article.caption_spans)
    assert [(p.kind, p.text_of(article.text)) for p in passages] == [
        ("paragraph", "Story text."), ("caption", "Hills at dusk"), ("paragraph", "More.")]


def test_html_headings_become_heading_passages():
    article = decode_bytes(b"<h2>Aftermath</h2><p>Quiet.</p>", filename="a.html")
    assert [p.kind for p in split_passages(article.text)] == ["heading", "paragraph"]


def test_empty_and_blank_text():
    assert split_passages("") == ()
    assert split_passages(" \n\n \t \n") == ()


def test_single_huge_line_is_split_at_sentences():
    sentence = "The column moved slowly along the ridge road toward the northern villages. "
    text = sentence * (1_000_000 // len(sentence) + 1)
    assert "\n" not in text and len(text) > 1_000_000
    passages = split_passages(text)
    assert len(passages) >= 200
    for p in passages:
        piece = p.text_of(text)
        assert 0 < len(piece) <= MAX_PASSAGE_CHARS
        assert piece.endswith("villages.")      # cut after a sentence, never inside one
        assert piece == piece.strip()
    assert "".join(texts_of(text, passages)).replace(".", ". ").split() == text.split()


def test_huge_line_without_sentences_is_split_at_spaces():
    text = "word " * 300_000
    passages = split_passages(text)
    assert all(len(p.text_of(text)) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(not p.text_of(text).endswith("wor") for p in passages)
    assert sum(len(p.text_of(text).split()) for p in passages) == 300_000


def test_huge_token_is_cut_hard():
    text = "x" * 12_001
    passages = split_passages(text)
    assert [p.end - p.start for p in passages] == [5000, 5000, 2001]
    assert passages[-1].end == len(text)


def test_ten_megabytes_are_split_into_every_kind():
    # How fast this runs is measured by bench/passages_bench.py, not here: a timed
    # assertion fails on a loaded machine without anything being wrong.
    paragraph = ("Officials in the provincial capital said the bridge over the river would reopen "
                 "after repairs, while traders waited on both banks with their goods. ") * 3
    block = "## Section\n\n" + "\n\n".join([paragraph] * 30) + "\n\nTrucks wait. Ana Ruiz/AP\n\n"
    text = block * (10_000_000 // len(block))
    passages = split_passages(text)
    assert len(passages) > 10_000
    assert {p.kind for p in passages} == {"heading", "paragraph", "caption"}


def test_passage_index_at():
    text = "Alpha.\n\nBeta.\n\nGamma."
    passages = split_passages(text)
    assert [passage_index_at(passages, text.index(w)) for w in ("Alpha", "Beta", "Gamma")] == [0, 1, 2]
    assert passage_index_at(passages, text.index("Beta") + 4) == 1
    assert passage_index_at(passages, len(text) - 1) == 2
    assert passage_index_at(passages, text.index("\n\nBeta")) == 0   # in the gap: the one before
    assert passage_index_at((), 5) == -1


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #.!/\n\t\r \u00a0\u2028\x1cé")) | st.characters(), max_size=400))
def test_offsets_are_exact_ordered_and_disjoint(text):
    passages = split_passages(text)
    previous_end = 0
    for i, p in enumerate(passages):
        assert p.index == i
        piece = text[p.start:p.end]
        assert piece, "passages are never empty"
        assert piece == piece.strip(), "passages carry no surrounding whitespace"
        assert p.start >= previous_end, "passages are ordered and do not overlap"
        assert len(piece) <= MAX_PASSAGE_CHARS
        assert p.kind in ("paragraph", "heading", "caption")
        previous_end = p.end
    assert_only_whitespace_left_out(text, passages)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(["ab. \n", "ab ", "abc", "a.\n\n #", "ab\u00a0\u2028."]))
def test_long_generated_texts_respect_the_cap(seed, alphabet):
    # Built from a seeded generator: long inputs drawn by Hypothesis itself trip its
    # data-size health check, which made this test flaky.
    rnd = random.Random(seed)
    text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(5_001, 16_000)))
    passages = split_passages(text)
    assert all(0 < p.end - p.start <= MAX_PASSAGE_CHARS for p in passages)
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))
    assert_only_whitespace_left_out(text, passages)


def test_every_credit_the_end_pattern_reads_passes_its_cheap_tests_first():
    # The cheap tests only spare paragraphs the patterns could not match: a credit of
    # each form, spaced in each way, must get through them.
    from geo.passages import _CREDIT_END, _CREDIT_HINT, _CREDIT_WORD, _credit_word
    credits = ["Maria Lopez/Reuters", "Maria Lopez / Agence X", "Sam Green for The New York Times",
               "Sam Green\tfor\nReuters", "Sam  Green for  Getty Images.", "via Getty Images", "x via\tAFP)",
               "(Photo: Jane Doe)", "(Credit Jane Doe)", "(Image courtesy of the ministry)"]
    for piece in ("A boy at the well. " + credit for credit in credits):
        assert _CREDIT_END.search(piece), piece
        assert _CREDIT_HINT.search(piece), piece
    words = ["Credit: Jane Doe", "Credits... Tom Weil", "Credit\u2026Tom", "Photo: AP", "Photographs by Sam",
             "Photos : AP", "Image: Reuters"]
    for piece in words:
        assert _CREDIT_WORD.search(piece) and _credit_word(piece), piece
