"""Recognition of descriptions, rule by rule, on sentences written for the purpose.

Anchors are built by hand (a Place and its span), so these tests need no gazetteer
and check recognition alone.
"""

from __future__ import annotations

import re

import pytest

from gazetteer.model import Place
from geo.spatial.model import Anchor
from geo.spatial.recognize import find_descriptions, read_number, spelled_number

PLACES = {
    "Kabul": Place("gn:1", "Kabul", "city", "AF", 34.53, 69.17, population=3_000_000),
    "Jalalabad": Place("gn:2", "Jalalabad", "city", "AF", 34.43, 70.45, population=270_000),
    "Mosul": Place("gn:3", "Mosul", "city", "IQ", 36.34, 43.12, population=1_600_000),
    "Pakistan": Place("gn:4", "Pakistan", "country", "PK", 30.0, 70.0),
    "Afghanistan": Place("gn:5", "Afghanistan", "country", "AF", 33.0, 65.0),
    "Tajikistan": Place("gn:6", "Tajikistan", "country", "TJ", 39.0, 71.0),
    "Kabul River": Place("cur:kr", "Kabul River", "river", "AF", 34.43, 70.45,
                         extent=((34.53, 68.9), (34.43, 70.45), (33.93, 72.23))),
    "Salang tunnel": Place("cur:st", "Salang tunnel", "tunnel", "AF", 35.32, 69.03),
    "England": Place("gn:7", "England", "admin1", "GB", 52.5, -1.5),
    "Washington": Place("gn:8", "Washington", "city", "US", 38.9, -77.0),
    "Beijing": Place("gn:9", "Beijing", "city", "CN", 39.9, 116.4),
}
DEMONYMS = {"Afghan": "Afghanistan", "Pakistani": "Pakistan", "Syrian": "Pakistan"}


def anchors_in(text: str) -> list[Anchor]:
    """Every known name in the text as an anchor (demonyms as demonym anchors)."""
    found = []
    names = sorted(list(PLACES) + list(DEMONYMS), key=len, reverse=True)
    taken: list[tuple[int, int]] = []
    for name in names:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            if name in DEMONYMS:
                found.append(Anchor(f"d:{name}", name, *match.span(), PLACES[DEMONYMS[name]], "demonym"))
            else:
                found.append(Anchor(PLACES[name].id, name, *match.span(), PLACES[name]))
    return found


def described(text: str):
    return find_descriptions(text, anchors_in(text))


@pytest.mark.parametrize("sentence, phrase, relation", [
    ("The valley lies 70 miles north of Kabul.", "70 miles north of Kabul", "distance_direction"),
    ("A car bomb went off about 20 km (12 miles) southwest of Mosul.", "about 20 km (12 miles) southwest of Mosul",
     "distance_direction"),
    ("The camp is seventy miles north of Kabul.", "seventy miles north of Kabul", "distance_direction"),
    ("Villages 60 to 70 miles north of Kabul emptied.", "60 to 70 miles north of Kabul", "distance_direction"),
    ("They dug in a few miles east of Jalalabad.", "a few miles east of Jalalabad", "distance_direction"),
    ("Shelling hit a base 40 km north-northeast of Mosul.", "40 km north-northeast of Mosul", "distance_direction"),
    ("Refugees walked some 300 kilometres from Kabul.", "some 300 kilometres from Kabul", "distance"),
    ("Every village within 50 km of Mosul was searched.", "within 50 km of Mosul", "within"),
    ("Fighting raged north of Kabul all week.", "north of Kabul", "direction"),
    ("Clashes spread in northern Afghanistan.", "northern Afghanistan", "part"),
    ("Drought hit the west of Afghanistan hardest.", "the west of Afghanistan", "part"),
    ("Farms in mid Afghanistan flooded.", "mid Afghanistan", "part"),
    ("Farms in mid-Afghanistan flooded.", "mid-Afghanistan", "part"),
    ("The Taliban broke through on the western side of Kabul.", "on the western side of Kabul", "side"),
    ("A convoy was hit on the north side of the Salang tunnel.", "on the north side of the Salang tunnel", "side"),
    ("A drone fell near Jalalabad.", "near Jalalabad", "near"),
    ("Police set up checkpoints on the outskirts of Kabul.", "on the outskirts of Kabul", "near"),
    ("They camped near the border with Pakistan.", "near the border with Pakistan", "border"),
    ("Supply lines ran across the border to Tajikistan.", "across the border to Tajikistan", "border"),
    ("Troops massed on the Afghan-Pakistani border.", "on the Afghan-Pakistani border", "border"),
    ("Bandits roamed the road between Kabul and Jalalabad.", "between Kabul and Jalalabad", "between"),
    ("Farms along the Kabul River flooded.", "along the Kabul River", "along"),
    ("Trucks stalled on the highway from Kabul to Jalalabad.", "highway from Kabul to Jalalabad", "road"),
    ("A highway that links Kabul to the north was cut.", "highway that links Kabul to the north", "road"),
])
def test_each_relation_is_recognised(sentence, phrase, relation):
    found = described(sentence)
    assert [(d.relation, sentence[d.start:d.end]) for d in found] == [(relation, phrase)] or (
        len(found) == 1 and found[0].relation == relation and phrase in sentence[found[0].start:found[0].end])


@pytest.mark.parametrize("sentence", [
    "Support for the plan stayed north of 40 per cent.",         # no place after "north of"
    'The band closed with "South of the Border" as always.',      # a song, and no country
    "Rain is expected across the North of England on Sunday.",   # a region's name
    "Talks between Washington and Beijing resumed.",             # a relation, not a place
    "He spent years outside Afghanistan.",                       # abroad, not near it
    "Syrian border guards fired warning shots.",                # guards, not a place
    "Kabul is the capital.",                                     # no description at all
    "",
])
def test_look_alikes_do_not_fire(sentence):
    assert described(sentence) == []


def test_offsets_index_the_text_as_given():
    text = "Intro.\r\n\r\nA base 70 miles north of Kabul, and farms along the Kabul River."
    for description in described(text):
        assert description.start < description.end <= len(text)
        assert text[description.start:description.end].strip() == text[description.start:description.end]


def test_distance_is_read_with_its_unit_range_and_hedge():
    (d,) = described("Villages 60 to 70 miles north of Kabul emptied.")
    assert d.distance.low_km == pytest.approx(60 * 1.609344)
    assert d.distance.high_km == pytest.approx(70 * 1.609344)
    (d,) = described("A car bomb went off about 20 km (12 miles) southwest of Mosul.")
    assert d.distance.km == 20 and d.distance.spread >= 0.2 and d.bearing_deg == 225
    (d,) = described("Shelling hit a base 40 km north-northeast of Mosul.")
    assert d.bearing_deg == 22.5 and d.direction_words == 3


def test_numbers_spelled_and_rounded():
    assert spelled_number("one hundred and twenty") == 120
    assert read_number("1,200") == (1200.0, 100.0)
    assert spelled_number("seventy-five") == 75


def test_the_border_with_names_its_other_side_when_given():
    (d,) = described("Pakistan's border with Afghanistan was shut.")
    assert {a.text for a in d.anchors} == {"Pakistan", "Afghanistan"}


def test_hostile_and_huge_inputs_never_raise():
    text = ("<script>alert('north of Kabul')</script> 100,000 miles north of Kabul " * 200
            + "north of " * 5000 + "\x00\ufffd" * 100 + " miles " * 1000)
    found = described(text)
    assert found and all(text[d.start:d.end] for d in found)


def test_the_last_word_read_backwards_is_the_forward_patterns():
    import random

    from geo.spatial.recognize import _LAST_WORD, _last_word
    rng = random.Random(11)
    pieces = ["the", "the ", " the  ", "of", "north", "soothe", "xthe", "bathe ", " ", "  ", ",", ", ", "-", "\n",
              "5", "_", "é", "Ürgüp", "THE ", "The ", "\t", "(", "'s ", "ern", "along", "near"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        forward = _LAST_WORD.search(text, start, end)
        assert _last_word(text, start, end) == (forward.group(1) if forward else None), (text, start, end)
