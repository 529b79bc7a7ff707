"""The described_area rule on a five-place gazetteer: "Springfield, 200 miles southwest
of Chicago" is the Springfield inside that area, however much better known the other."""

from __future__ import annotations

import pytest

from gazetteer.build import build_from_places
from gazetteer.model import Place
from geo.pipeline import parse

PLACES = (
    Place("gn:1", "Springfield", "city", "US", 39.80172, -89.64371, population=114_000, admin1_code="US.IL"),
    Place("gn:2", "Springfield", "city", "US", 42.10148, -72.58981, population=155_000, admin1_code="US.MA"),
    Place("gn:3", "Chicago", "city", "US", 41.85003, -87.65005, population=2_664_000, admin1_code="US.IL"),
    Place("gn:4", "Illinois", "admin1", "US", 40.00032, -89.25037, admin1_code="US.IL"),
    Place("gn:5", "Massachusetts", "admin1", "US", 42.36565, -71.10832, admin1_code="US.MA"),
)
TEXT = "Storms flattened homes in Springfield, 200 miles southwest of Chicago, on Friday."


@pytest.fixture(scope="module")
def tiny():
    # The Massachusetts namesake is made the far better known, so only the description
    # can bring the choice to Illinois.
    gaz = build_from_places(PLACES, importance={"gn:2": 0.95, "gn:1": 0.4})
    yield gaz
    gaz.close()


def _springfield(result):
    return next(p for p in result.places if p.name == "Springfield")


def test_the_candidate_inside_the_described_area_is_chosen(tiny):
    chosen = _springfield(parse(TEXT, tiny))
    assert chosen.place.id == "gn:1"
    (evidence,) = [e for e in chosen.evidence if e.rule == "described_area"]
    assert evidence.value > 0
    assert evidence.reason.startswith("the text puts it 200 miles southwest of Chicago, and this one is ")
    assert "km from Chicago, inside that area" in evidence.reason and evidence.reason in chosen.reason


def test_switched_off_the_better_known_namesake_wins(tiny):
    chosen = _springfield(parse(TEXT, tiny, without=frozenset({"described_area"})))
    assert chosen.place.id == "gn:2"
    assert not any(e.rule == "described_area" for e in chosen.evidence)


def test_a_description_of_another_name_gives_nothing(tiny):
    # The phrase describes Chicago's neighbourhood, not Springfield: no evidence for it.
    text = "Springfield sent crews. Storms hit farms 200 miles southwest of Chicago on Friday."
    chosen = _springfield(parse(text, tiny))
    assert chosen.place.id == "gn:2" and not any(e.rule == "described_area" for e in chosen.evidence)
