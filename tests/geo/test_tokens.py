"""The tokenizer skips the words of addresses and file names, and only those."""

from geo.tokens import address_spans, tokenize


def words(text, start=0, end=None):
    return [t.text for t in tokenize(text, start, end)]


def test_words_of_addresses_and_file_names_are_skipped():
    text = ("Read http://localhost/Moscow or https://example.com/Minsk/report, "
            "mail desk@Paris.org, see www.Lagos.ng and Kabul.gov, open images/Berlin-Wall.jpg now.")
    assert words(text) == ["Read", "or", "mail", "see", "and", "open", "now"]


def test_dotted_prose_is_still_words():
    text = "The U.S. and U.A.E. met in St.Louis. Kabul.Herat road, 2.5 km, ends/starts here."
    assert words(text) == ["The", "U.S.", "and", "U.A.E.", "met", "in", "St", "Louis", "Kabul", "Herat", "road",
                           "km", "ends", "starts", "here"]


def test_an_address_in_a_stretch_of_the_text():
    text = "Herat first. Then example.com/Kabul and Mosul."
    start = text.index("Then")
    assert words(text, start) == ["Then", "and", "Mosul"]
    assert [text[s:e] for s, e in address_spans(text, start)] == ["example.com/Kabul"]
    assert address_spans(text, 0, start) == []

