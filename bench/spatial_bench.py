"""What deriving described places costs parse: throughput with and without the
spatial stage (the derived places and the resolution rule that reads them),
interleaved in one run so the machine's load affects both alike; and, with
``--corpus``, how often ordinary news yields derived places (per 10,000 words), with a
sample written out for checking by hand.

    python bench/spatial_bench.py [--size 300000]
    python bench/spatial_bench.py --corpus ../shared/eval/geowebnews.jsonl --sample-out FILE [--sample 30]

The corpus is read, never copied: only counts and the sample (for the hand check) are written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geo.pipeline as pipeline  # noqa: E402
from bench.engine_bench import news_text  # noqa: E402
from gazetteer import open_gazetteer  # noqa: E402
from geo.spatial.evaluate import corpus_rate  # noqa: E402
from tests.conftest import SAMPLE_ARTICLE  # noqa: E402


def _best(run, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=300_000, help="characters of generated news")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="JSONL of {id, text}: count derived places per 10,000 words")
    parser.add_argument("--sample-out", type=Path, default=Path("var/spatial_sample.txt"),
                        help="where the corpus sample goes")
    parser.add_argument("--sample", type=int, default=30, help="derived places in the sample")
    args = parser.parse_args()
    gazetteer = open_gazetteer()
    if args.corpus:
        count, words, _ = corpus_rate(args.corpus, lambda text: pipeline.parse(text, gazetteer), sample=args.sample,
                                      sample_path=args.sample_out)
        print(f"{args.corpus.name}: {count} derived places in {words:,} words = "
              f"{10_000 * count / words if words else 0:.1f} per 10,000 words; "
              f"a sample of {min(args.sample, count)} written to {args.sample_out}")
        return
    with_stage = pipeline.derive_places
    texts = {"sample article": SAMPLE_ARTICLE.read_text(encoding="utf-8"),
             f"generated news (~{args.size // 1000} kB)": news_text(args.size)}
    for label, text in texts.items():
        words = len(text.split())
        pipeline.parse(text, gazetteer)      # warm
        timings = {}
        for _ in range(args.repeats):        # interleaved: without, with, without, with ...
            for name, stage, off in (("without", lambda result, gaz, **_: (), {"described_area"}),
                                     ("with", with_stage, set())):
                pipeline.derive_places = stage
                seconds = _best(lambda: pipeline.parse(text, gazetteer, without=off), 1)
                timings[name] = min(timings.get(name, float("inf")), seconds)
        pipeline.derive_places = with_stage
        derived = len(pipeline.parse(text, gazetteer).derived)
        before, after = words / timings["without"], words / timings["with"]
        print(f"{label}: {words:,} words, {derived} derived places; parse {before:,.0f} words/s without the "
              f"spatial stage, {after:,.0f} with it ({after / before:.0%} of the speed, "
              f"+{(timings['with'] - timings['without']) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
