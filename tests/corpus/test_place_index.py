"""geo.corpus.place_index: the passages of each place, written once, answer the corpus
view exactly as the raw tables do, and a place's rows lie together."""

from __future__ import annotations

import shutil
from datetime import date

import pyarrow.parquet as pq
import pytest

from geo.corpus.output import OutputFolder
from geo.corpus.place_index import PLACE_INDEX, write_place_index
from geo.corpus.queries import SUMMARY, CorpusFilters, CorpusView
from tests.corpus.corpus_texts import documents, write_output

DOCS = documents(40)
FILTERS = (CorpusFilters(), CorpusFilters(countries=("US",)), CorpusFilters(sources=("Wire One",)),
           CorpusFilters(feature_types=("city",), date_from=date(2024, 3, 1), date_to=date(2024, 8, 31)))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, full_gazetteer):
    root = tmp_path_factory.mktemp("index")
    indexed = write_output(root / "indexed", DOCS, full_gazetteer, per_partition=7)
    raw = root / "raw"
    shutil.copytree(indexed, raw)
    (raw / PLACE_INDEX).unlink()
    return indexed, raw


def answers(path) -> list:
    view = CorpusView.open(path)
    try:
        found = []
        for filters in FILTERS:
            places = view.places(filters)
            found.append(places)
            for place in places[:6]:
                found.append(view.place_passages(place["place_id"], filters, page=0, page_size=3))
                found.append(view.place_passages(place["place_id"], filters, page=1, page_size=3))
                found.append(view.timeline(filters, place_id=place["place_id"]))
            found.append(view.timeline(filters, country="US"))
        found.append(view.summary())
        return found
    finally:
        view.close()


def test_the_index_answers_as_the_raw_tables_do(outputs):
    indexed, raw = outputs
    with_index, without = CorpusView.open(indexed), CorpusView.open(raw)
    assert (with_index.indexed, without.indexed) == (True, False)
    with_index.close(), without.close()
    expected = answers(raw)
    assert expected[0] and any(rows for total, rows in expected[1:2])     # the corpus has places and passages
    assert answers(indexed) == expected


def test_a_place_s_rows_are_sorted_together_with_their_marks(outputs):
    indexed, _ = outputs
    rows = pq.read_table(indexed / PLACE_INDEX).to_pylist()
    ids = [row["place_id"] for row in rows]
    assert ids == sorted(ids)
    denver = [row for row in rows if row["name"] == "Denver"]
    assert len(denver) == sum(d["text"].count("Denver") for d in DOCS)
    assert [row["date"] for row in denver] == sorted((row["date"] for row in denver), reverse=True)
    for row in denver:
        assert [row["passage"][m["s"]:m["e"]] for m in row["marks"]] == ["Denver"]
        assert row["source"] in {d["source"] for d in DOCS} and row["title"]


def test_small_row_groups_split_places_into_ranges_a_click_can_skip(outputs, tmp_path):
    indexed, _ = outputs
    copy = tmp_path / "copy"
    shutil.copytree(indexed, copy)
    write_place_index(OutputFolder(copy), row_group_rows=8)
    metadata = pq.ParquetFile(copy / PLACE_INDEX).metadata
    column = metadata.schema.to_arrow_schema().get_field_index("place_id")
    ranges = [(metadata.row_group(g).column(column).statistics.min, metadata.row_group(g).column(column).statistics.max)
              for g in range(metadata.num_row_groups)]
    assert len(ranges) > 5
    assert all(ranges[g][1] <= ranges[g + 1][0] for g in range(len(ranges) - 1))
    assert answers(copy) == answers(indexed)


def test_the_summary_file_is_what_the_tables_say(outputs, tmp_path):
    indexed, _ = outputs
    copy = tmp_path / "copy"
    shutil.copytree(indexed, copy)
    (copy / SUMMARY).unlink()
    computed, stored = CorpusView.open(copy), CorpusView.open(indexed)
    try:
        assert stored._tables is False                    # opened without reading the partitions
        assert stored.summary() == computed.summary()
        assert stored.summary().documents == len(DOCS) and "date" in stored.summary().document_columns
        assert stored.document(DOCS[0]["id"])["text"] == DOCS[0]["text"]
    finally:
        computed.close(), stored.close()


def test_a_jsonl_corpus_with_no_mapped_place_opens_with_no_places(tmp_path, full_gazetteer):
    # Its places file is empty: DuckDB cannot read columns from it, so the view must not try.
    docs = [{"id": "a", "text": "The French minister spoke on Monday."}]
    folder = write_output(tmp_path / "out", docs, full_gazetteer, output_format="jsonl")
    assert (folder / "places.jsonl").stat().st_size == 0
    view = CorpusView.open(folder)
    try:
        assert view.places() == []
    finally:
        view.close()


def test_the_index_is_built_a_few_partitions_and_one_range_of_places_at_a_time(outputs, tmp_path, monkeypatch):
    # What keeps the driver's memory bounded at any corpus size: no step holds every
    # mapped mention (one sort of all of them grew the driver 180 -> 384 MB from 2,000
    # to 20,000 documents). Here each place is its own range, each partition its own batch.
    import geo.corpus.place_index as place_index
    indexed, _ = outputs
    copy = tmp_path / "copy"
    shutil.copytree(indexed, copy)
    sorted_ranges, batches = [], []
    monkeypatch.setattr(place_index, "GROUP_BATCH_MENTIONS", 1)
    real_ranges, real_batches = place_index.place_ranges, place_index._partition_batches
    monkeypatch.setattr(place_index, "place_ranges", lambda *a: sorted_ranges.extend(real_ranges(*a)) or sorted_ranges)
    monkeypatch.setattr(place_index, "_partition_batches", lambda f: (batches.append(b) or b for b in real_batches(f)))
    write_place_index(OutputFolder(copy), range_bytes=1)
    rows = pq.read_table(copy / PLACE_INDEX).to_pylist()
    places = {row["place_id"] for row in rows}
    assert len(sorted_ranges) == len(places) > 5 and all(first == last for first, last in sorted_ranges)
    assert len(batches) == len(list(copy.glob("part-*"))) > 1 and all(len(b) == 1 for b in batches)
    assert rows == pq.read_table(indexed / PLACE_INDEX).to_pylist()
    assert answers(copy) == answers(indexed)


def test_a_jsonl_batch_whose_first_partition_names_no_state_still_builds_its_index(tmp_path, full_gazetteer,
                                                                                     monkeypatch):
    # JSON lines type a column empty in every row of a batch as null; the next batch's
    # state names could not be cast to it, and the run ended without an index.
    import geo.corpus.place_index as place_index
    monkeypatch.setattr(place_index, "GROUP_BATCH_MENTIONS", 1)
    docs = [{"id": "a", "text": "Officials in Afghanistan and Pakistan met on Monday."},
            {"id": "b", "text": "Floods reached Lahore and Multan in Punjab on Tuesday."}]
    folder = write_output(tmp_path / "out", docs, full_gazetteer, output_format="jsonl", per_partition=1)
    rows = pq.read_table(folder / PLACE_INDEX).to_pylist()
    assert {"a", "b"} <= {row["doc_id"] for row in rows}
