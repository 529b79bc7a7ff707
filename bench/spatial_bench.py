"""What deriving described places costs parse: throughput with and without the
spatial stage, interleaved in one run so the machine's load affects both alike.

    python bench/spatial_bench.py [--size 300000]
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
    args = parser.parse_args()
    gazetteer = open_gazetteer()
    with_stage = pipeline.derive_places
    texts = {"sample article": SAMPLE_ARTICLE.read_text(encoding="utf-8"),
             f"generated news (~{args.size // 1000} kB)": news_text(args.size)}
    for label, text in texts.items():
        words = len(text.split())
        pipeline.parse(text, gazetteer)      # warm
        timings = {}
        for _ in range(args.repeats):        # interleaved: without, with, without, with ...
            for name, stage in (("without", lambda result, gaz: ()), ("with", with_stage)):
                pipeline.derive_places = stage
                seconds = _best(lambda: pipeline.parse(text, gazetteer), 1)
                timings[name] = min(timings.get(name, float("inf")), seconds)
        pipeline.derive_places = with_stage
        derived = len(pipeline.parse(text, gazetteer).derived)
        before, after = words / timings["without"], words / timings["with"]
        print(f"{label}: {words:,} words, {derived} derived places; parse {before:,.0f} words/s without the "
              f"spatial stage, {after:,.0f} with it ({after / before:.0%} of the speed, "
              f"+{(timings['with'] - timings['without']) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
