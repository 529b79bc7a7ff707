"""Corpus view figures: opening a batch output and clicking places, with and without
the place index (``geo.corpus.place_index``).

    python bench/corpus_click_bench.py [--documents 2000] [--mentions 1000000] [--clicks 40]
    python bench/corpus_click_bench.py --output OUT      # time an existing batch output

Without ``--output`` it parses ``--documents`` synthetic documents (the recombined
paragraphs of ``bench/batch_bench.py``: the sample article and texts written for the
tests) in this process, writes them as a batch output, then copies those partitions
under new document ids until the output holds ``--mentions`` mentions: the queries
only see rows, and parsing a million mentions' worth of documents here would take an
hour. Then it times, each beside its target, the view's opening (summary and the
map's places) and ``--clicks`` place clicks (the chosen place's first page of
passages and its monthly timeline, what the Corpus page asks on a click), over the
index and over the raw tables (the index and summary files moved aside: what it cost before),
and prints p50 and p95 of each.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from batch_bench import write_corpus  # noqa: E402
from gazetteer import open_gazetteer  # noqa: E402
from geo.corpus.output import OutputFolder  # noqa: E402
from geo.corpus.partitions import partitions  # noqa: E402
from geo.corpus.place_index import PLACE_INDEX  # noqa: E402
from geo.corpus.queries import SUMMARY, CorpusView, detect_format, finish_output  # noqa: E402
from geo.corpus.sources import read_documents  # noqa: E402
from geo.corpus.work import parse_documents  # noqa: E402

TARGET_OPEN_S = 2.0
TARGET_CLICK_S = 0.5
PAGE_SIZE = 10          # what pages/corpus.py shows


def build_output(folder: Path, documents: int, mentions: int) -> Path:
    """A batch output of ``documents`` parsed documents, copied up to ``mentions`` mentions."""
    corpus = folder / "corpus.jsonl"
    write_corpus(corpus, documents)
    out = folder / "out"
    output = OutputFolder(out)
    output.prepare({"inputs": [str(corpus)], "format": "parquet", "bench": "corpus_click_bench"}, resume=False)
    gazetteer = open_gazetteer()
    parsed: list[tuple[pa.Table, pa.Table]] = []
    started = time.perf_counter()
    for partition in partitions(read_documents([corpus]), max_documents=256):
        result = parse_documents(partition, gazetteer)
        parsed.append((result.mentions, result.documents))
    gazetteer.close()
    found = sum(m.num_rows for m, _ in parsed)
    print(f"parsed {documents:,} documents in {time.perf_counter() - started:.0f} s: {found:,} mentions")
    copies = max(1, -(-mentions // max(found, 1)))
    index = 0
    for copy in range(copies):
        for mention_table, document_table in parsed:
            output.write_partition(index, {"mentions": _renamed(mention_table, copy),
                                           "documents": _renamed(document_table, copy)})
            index += 1
    started = time.perf_counter()
    finish_output(output)
    print(f"{copies} copies under new ids: {found * copies:,} mentions, {documents * copies:,} documents; "
          f"place index and places written in {time.perf_counter() - started:.1f} s "
          f"({(out / PLACE_INDEX).stat().st_size / 1e6:.1f} MB)")
    return out


def _renamed(table: pa.Table, copy: int) -> pa.Table:
    if copy == 0:
        return table
    ids = pc.binary_join_element_wise(table["doc_id"], pa.scalar(f"~{copy}"), "")
    return table.set_column(table.schema.get_field_index("doc_id"), "doc_id", ids)


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def time_view(out: Path, place_ids: list[str] | None, clicks: int, label: str) -> list[str]:
    started = time.perf_counter()
    view = CorpusView.open(out)
    summary = view.summary()
    places = view.places()
    opened = time.perf_counter() - started
    if place_ids is None:
        rng = random.Random(13)
        top = [p["place_id"] for p in places[:5]]
        rest = [p["place_id"] for p in places[5:]]
        place_ids = top + rng.sample(rest, min(len(rest), max(0, clicks - len(top))))
    timings = []
    for place_id in place_ids:
        started = time.perf_counter()
        view.place_passages(place_id, page_size=PAGE_SIZE)
        view.timeline(place_id=place_id)
        timings.append(time.perf_counter() - started)
    rerun = []
    for place_id in place_ids[:5]:
        # The page's whole rerun after a click: the map's places, then the click's queries.
        started = time.perf_counter()
        view.summary()
        view.places()
        view.place_passages(place_id, page_size=PAGE_SIZE)
        view.timeline(place_id=place_id)
        rerun.append(time.perf_counter() - started)
    view.close()
    p50, p95 = percentiles(timings)
    r50, r95 = percentiles(rerun)
    print(f"{label}: open + summary + places over {summary.mentions:,} mentions {opened:.2f} s "
          f"(target < {TARGET_OPEN_S:.0f} s, {verdict(opened < TARGET_OPEN_S)}); "
          f"place click ({len(timings)} places) p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
          f"(target < {TARGET_CLICK_S * 1000:.0f} ms, {verdict(p95 < TARGET_CLICK_S)}); "
          f"page rerun with the click (top 5 places) p50 {r50 * 1000:.0f} ms, p95 {r95 * 1000:.0f} ms")
    return place_ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="documents parsed for the synthetic output")
    parser.add_argument("--mentions", type=int, default=1_000_000, help="mentions the output is copied up to")
    parser.add_argument("--clicks", type=int, default=40, help="places clicked (the top 5, then random ones)")
    parser.add_argument("--output", type=Path, default=None, help="time this batch output instead")
    parser.add_argument("--keep", type=Path, default=None, help="build the synthetic output in this folder, and keep it")
    args = parser.parse_args(argv)
    scratch = None
    if args.output:
        out = args.output
        if not (out / PLACE_INDEX).is_file() or not (out / SUMMARY).is_file():
            print(f"{out} has no place index or summary file yet: writing them")
            finish_output(OutputFolder(out, output_format=detect_format(out)))
    else:
        scratch = None if args.keep else Path(tempfile.mkdtemp(prefix="click-bench-"))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        out = build_output(args.keep or scratch, args.documents, args.mentions)
    print("(the machine is shared: compare the two lines of this run, not runs on other days)")
    place_ids = time_view(out, None, args.clicks, "with the place index")
    # Before: neither the index nor the summary file, as main had it.
    moved = {out / name: out.parent / f"{out.name}-{name}.aside" for name in (PLACE_INDEX, SUMMARY)}
    for here, aside in moved.items():
        shutil.move(here, aside)
    try:
        time_view(out, place_ids, args.clicks, "raw tables, no index or summary file (before)")
    finally:
        for here, aside in moved.items():
            shutil.move(aside, here)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
