"""A place named in an institution's title ("the University of Idaho") is the
institution's: kept off the map, yet it still tells which country the story is in."""

from __future__ import annotations

from gazetteer.build import build_from_places
from gazetteer.model import Place
from geo.pipeline import parse

PLACES = (
    Place("t:idaho", "Idaho", "admin1", "US", 44.0, -114.7, admin1_code="US.ID"),
    Place("t:corvale-us", "Corvale", "city", "US", 44.6, -123.3, population=5_000, admin1_code="US.OR"),
    Place("t:corvale-gb", "Corvale", "city", "GB", 52.0, -1.5, population=8_000, admin1_code="GB.ENG"),
)


def test_an_institution_s_place_is_kept_off_the_map_but_votes_for_its_country():
    gaz = build_from_places(PLACES)
    try:
        text = "Researchers at the University of Idaho said Corvale was flooded."
        result = parse(text, gaz)
        chosen = {m.text: p.place.id for p in result.places if p.place for m in p.mentions}
        assert chosen["Corvale"] == "t:corvale-us"
        assert [p.place.id for p in result.embedded] == ["t:idaho"]
        assert not [p for p in result.places if p.place.id == "t:idaho"]
        # Without the rule "Idaho said" reads as a person speaking, and nothing tells
        # the larger English Corvale from the American one.
        assert {m.text: p.place.id for p in parse(text, gaz, without={"institution_of_place"}).places
                for m in p.mentions}["Corvale"] == "t:corvale-gb"
    finally:
        gaz.close()
