"""geo.corpus.queries: the corpus view's questions answered over a real output folder."""

from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq
import pytest

from geo.corpus.errors import BatchError
from geo.corpus.queries import CorpusFilters, CorpusView
from tests.corpus.corpus_texts import documents, write_output

DOCS = documents(30)


@pytest.fixture(scope="module")
def view(tmp_path_factory, full_gazetteer):
    folder = write_output(tmp_path_factory.mktemp("corpus") / "out", DOCS, full_gazetteer)
    opened = CorpusView.open(folder)
    yield opened
    opened.close()


def docs_naming(word: str) -> list[dict]:
    return [d for d in DOCS if word in d["text"]]


def test_places_are_counted_by_documents(view):
    places = {p["name"]: p for p in view.places()}
    assert places["Denver"]["documents"] == len(docs_naming("Denver"))
    assert places["Denver"]["country_code"] == "US" and places["Denver"]["lat"] == pytest.approx(39.74, abs=0.1)
    counts = [p["documents"] for p in view.places()]
    assert counts == sorted(counts, reverse=True)
    # Demonyms and names inside organisations' names are not places of the map.
    assert "Kenya" not in places and "Washington" not in places
    table = pq.read_table(view.folder.path / "places.parquet").to_pylist()
    denver = next(p for p in table if p["name"] == "Denver")
    dates = sorted(d["date"] for d in docs_naming("Denver"))
    assert (denver["documents"], denver["first_date"], denver["last_date"]) == (len(dates), dates[0], dates[-1])


def test_filters_narrow_the_map(view):
    kenya = view.places(CorpusFilters(countries=("KE",)))
    assert kenya and {p["country_code"] for p in kenya} == {"KE"}
    hostile = view.places(CorpusFilters(sources=("<b>Hostile & Co</b>",)))
    denver = next(p for p in hostile if p["name"] == "Denver")
    assert denver["documents"] == len([d for d in docs_naming("Denver") if d["source"] == "<b>Hostile & Co</b>"])
    spring = view.places(CorpusFilters(date_from=date(2024, 3, 1), date_to=date(2024, 5, 31)))
    expected = [d for d in docs_naming("Denver") if "2024-03" <= d["date"][:7] <= "2024-05"]
    assert next((p["documents"] for p in spring if p["name"] == "Denver"), 0) == len(expected)


def test_a_place_lists_its_passages_newest_first_with_the_name_marked(view):
    denver = next(p for p in view.places() if p["name"] == "Denver")
    total, first_page = view.place_passages(denver["place_id"], page_size=4)
    assert total == sum(d["text"].count("Denver") for d in DOCS)   # one passage per paragraph here
    _, second_page = view.place_passages(denver["place_id"], page=1, page_size=4)
    dates = [row["date"] for row in first_page + second_page]
    assert dates == sorted(dates, reverse=True)
    assert len(first_page) == 4
    assert not {(r["doc_id"], r["passage_index"]) for r in first_page} & {(r["doc_id"], r["passage_index"])
                                                                        for r in second_page}
    for row in first_page:
        assert all(row["passage"][m["s"]:m["e"]] == "Denver" for m in row["marks"])


def test_a_timeline_counts_by_month(view):
    denver = next(p for p in view.places() if p["name"] == "Denver")
    months = view.timeline(place_id=denver["place_id"])
    assert sum(m["documents"] for m in months) == len(docs_naming("Denver"))
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)
    kenya = view.timeline(country="KE")
    assert sum(m["mentions"] for m in kenya) == sum(d["text"].count("Nakuru") + d["text"].count("Nairobi")
                                                    + d["text"].count("Eldoret") for d in DOCS)


def test_summary_and_documents(view):
    summary = view.summary()
    assert (summary.documents, summary.errors, summary.has_dates, summary.has_sources) == (30, 0, True, True)
    assert "<b>Hostile & Co</b>" in summary.sources and "KE" in summary.countries
    document = view.document(DOCS[3]["id"])
    assert document["text"] == DOCS[3]["text"] and view.document("no-such-doc") is None


def test_a_folder_that_is_not_an_output_is_refused(tmp_path):
    with pytest.raises(BatchError, match="not a batch output folder"):
        CorpusView.open(tmp_path)
