"""Print the engine's headline figures on the evaluation corpora, next to published ones.

    python bench/eval_report.py [--eval-dir DIR] [--limit N] [--only geowebnews|wiktor]

GeoWebNews is scored end to end (the engine's own recognition); WikToR with the gold
spans given, since it annotates only each article's subject (see the corpora README).
The corpora are read, never copied: this script only prints numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import open_gazetteer  # noqa: E402
from geo.evaluate import engine_predict, evaluate, load_jsonl  # noqa: E402

# (corpus, file, give gold spans, published acc@161 over all gold for comparison)
RUNS = (
    ("geowebnews", "geowebnews.jsonl", False,
     "published acc@161 over all gold: CamCoder 0.48, Edinburgh 0.51, population baseline 0.60"),
    ("wiktor", "wiktor.jsonl", True,
     "published acc@161 (gold spans): CamCoder 0.65, Edinburgh 0.42, population baseline 0.22"),
)


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument("--only", choices=[name for name, *_ in RUNS])
    args = parser.parse_args(argv)

    # Imported here so the script's --help works while the engine is still being built.
    from geo.pipeline import parse

    predict = engine_predict(parse, open_gazetteer())
    print("| corpus | docs | P exact | R exact | F1 exact | F1 overlap | acc@161 all | AUC all "
          "| acc@161 recognised | AUC recognised | s/doc |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    notes = []
    for name, filename, gold_spans, published in RUNS:
        if args.only and args.only != name:
            continue
        docs = islice(load_jsonl(args.eval_dir / filename), args.limit)
        started = time.perf_counter()
        r = evaluate(docs, predict, gold_spans=gold_spans)
        per_doc = (time.perf_counter() - started) / max(r.documents, 1)
        ex, ov = r.recognition_exact, r.recognition_overlap
        moot = gold_spans  # recognition is meaningless when the gold spans were given
        print(f"| {name}{' (gold spans)' if gold_spans else ''} | {r.documents} "
              f"| {'-' if moot else _f(ex.precision)} | {'-' if moot else _f(ex.recall)} "
              f"| {'-' if moot else _f(ex.f1)} | {'-' if moot else _f(ov.f1)} "
              f"| {_f(r.resolution_all.accuracy_161)} | {_f(r.resolution_all.auc)} "
              f"| {_f(r.resolution_recognised.accuracy_161)} | {_f(r.resolution_recognised.auc)} "
              f"| {per_doc:.3f} |")
        notes.append(f"{name}: {published}")
    print()
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
