"""build_from_places: a three-place gazetteer by the production schema code, in memory or on disk."""

from __future__ import annotations

import sqlite3

import pytest

from gazetteer.build import build_from_places
from gazetteer.model import Place
from gazetteer.store import Gazetteer

PLACES = (
    Place("gn:10", "Dover", "city", "US", 39.158, -75.524, population=38_000, admin1_code="US.DE"),
    Place("gn:11", "Dover", "city", "GB", 51.126, 1.316, population=31_000, admin1_code="GB.ENG",
          admin1_name="England"),
    Place("gn:12", "Delaware", "admin1", "US", 39.0, -75.5, admin1_code="US.DE"),
    Place("cur:strait", "Strait of Dover", "sea", "", 51.0, 1.45, extent=((51.2, 1.2), (50.9, 1.7))),
)


@pytest.fixture(params=["memory", "file"])
def gazetteer(request, tmp_path) -> Gazetteer:
    path = None if request.param == "memory" else tmp_path / "tiny.sqlite"
    gaz = build_from_places(PLACES, path, aliases={"gn:12": ["First State"]}, alternates={"gn:10": ["Duvr"]})
    yield gaz
    gaz.close()


def test_every_place_comes_back_with_its_facts(gazetteer):
    assert {c.place.id for c in gazetteer.candidates("Dover", fuzzy=False)} == {"gn:10", "gn:11"}
    assert gazetteer.get("gn:11") == PLACES[1]
    strait = gazetteer.get("cur:strait")
    assert strait.extent == ((51.2, 1.2), (50.9, 1.7)) and strait.feature_type == "sea"


def test_admin1_names_come_from_the_given_states(gazetteer):
    assert gazetteer.get("gn:10").admin1_name == "Delaware"


def test_aliases_and_alternates_keep_their_strength(gazetteer):
    alias = gazetteer.candidates("first state", fuzzy=False)[0]
    alternate = gazetteer.candidates("Duvr", fuzzy=False)[0]
    assert (alias.place.id, alias.is_preferred) == ("gn:12", True)
    assert (alternate.place.id, alternate.is_preferred) == ("gn:10", False)


def test_importance_follows_population_and_type(gazetteer):
    us, gb = (gazetteer.candidates("Dover", fuzzy=False)[i] for i in (0, 1))
    assert us.place.id == "gn:10" and us.importance > gb.importance
    assert gazetteer.candidates("Delaware")[0].importance == pytest.approx(0.7)


def test_importance_can_be_given():
    gaz = build_from_places(PLACES, importance={"gn:11": 0.99})
    assert gaz.candidates("Dover", fuzzy=False)[0].place.id == "gn:11"


def test_the_store_cannot_write(gazetteer):
    with pytest.raises(sqlite3.OperationalError):
        gazetteer._connection.execute("DELETE FROM places")


def test_a_file_is_complete_and_opens_like_the_real_gazetteer(tmp_path):
    path = tmp_path / "tiny.sqlite"
    build_from_places(PLACES, path).close()
    assert Gazetteer.open(path).meta["complete"] == "1"
    assert not list(tmp_path.glob("*.building-*"))


def test_a_place_asked_for_by_id_or_state_code_again_is_not_read_again(gazetteer, monkeypatch):
    # Every non-country demonym of every article asks for its place by id, every "Del."
    # for its state by code.
    first, state = gazetteer.get("cur:strait"), gazetteer.admin1("US.DE")
    assert (first.name, state.name) == ("Strait of Dover", "Delaware")
    queries = []
    real = gazetteer._query
    monkeypatch.setattr(gazetteer, "_query", lambda *args: queries.append(args) or real(*args))
    assert gazetteer.get("cur:strait") is first and gazetteer.admin1("US.DE") is state
    assert gazetteer.get("gn:404") is None and gazetteer.get("gn:404") is None
    assert len(queries) == 1    # only the unknown id's first look
