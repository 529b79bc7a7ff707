"""What each named rule contributes: switch it off and score again.

    python bench/rule_ablation.py [--eval-dir DIR] [--limit N] [--wiktor-limit N] [--rules NAME ...] [--markdown]

For every rule (``geo.pipeline.RULE_NAMES``) it prints how often the rule gave
evidence to a winning place on GeoWebNews (end to end), how many mentions change
place when it is off, and the change in GeoWebNews acc@161 (end to end and with the
gold spans), overlap F1, and WikToR acc@161 (gold spans: WikToR annotates only each
article's subject, so its recognition figures mean nothing). The corpora are read,
never copied: this script only prints numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import open_gazetteer  # noqa: E402
from geo.evaluate import evaluate, load_jsonl, predictions_from_result  # noqa: E402
from geo.pipeline import RULE_NAMES, parse  # noqa: E402

# (label, corpus, gold spans given)
RUNS = (("gwn", "geowebnews", False), ("gwn_gold", "geowebnews", True), ("wiktor_gold", "wiktor", True))


def _run(docs: dict[str, list[dict]], gazetteer, without: frozenset[str]) -> dict:
    """Figures with the rules in ``without`` off; ``points`` maps each predicted span
    to its point, ``fired`` counts each rule's evidence among GeoWebNews winners."""
    figures: dict = {"points": {}, "fired": Counter()}
    for label, corpus, given in RUNS:
        texts = {doc["text"]: number for number, doc in enumerate(docs[corpus])}

        def predict(text, spans, _label=label, _texts=texts):
            result = parse(text, gazetteer, given_spans=spans, without=without)
            if _label == "gwn":
                figures["fired"].update(e.rule for p in result.places for e in p.evidence)
            predictions = predictions_from_result(result)
            for p in predictions:
                figures["points"][(_label, _texts[text], p["start"], p["end"])] = (p["lat"], p["lon"])
            return predictions

        report = evaluate(docs[corpus], predict, gold_spans=given)
        figures[label] = report.resolution_all.accuracy_161
        if label == "gwn":
            figures["f1"] = report.recognition_overlap.f1
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument("--wiktor-limit", type=int, default=None, help="WikToR documents (its 5,000 take longest)")
    parser.add_argument("--rules", nargs="*", default=None, help="only these rules")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    gazetteer = open_gazetteer()
    docs = {corpus: list(islice(load_jsonl(args.eval_dir / f"{corpus}.jsonl"),
                                (args.wiktor_limit or args.limit) if corpus == "wiktor" else args.limit))
            for corpus in ("geowebnews", "wiktor")}
    started = time.perf_counter()
    base = _run(docs, gazetteer, frozenset())
    header = ("rule", "fired (GWN winners)", "mentions moved", "GWN acc@161", "GWN F1 (overlap)",
              "GWN gold-span acc@161", "WikToR gold-span acc@161")
    rows = [("(all rules on)", "", "", f"{base['gwn']:.3f}", f"{base['f1']:.3f}", f"{base['gwn_gold']:.3f}",
             f"{base['wiktor_gold']:.3f}")]
    for rule in args.rules or RULE_NAMES:
        off = _run(docs, gazetteer, frozenset({rule}))
        moved = sum(1 for key, point in off["points"].items() if base["points"].get(key) != point) \
            + sum(1 for key in base["points"] if key not in off["points"])
        rows.append((rule, str(base["fired"][rule] or "-"), str(moved),
                     *(f"{off[key] - base[key]:+.3f}" for key in ("gwn", "f1", "gwn_gold", "wiktor_gold"))))
        print(f"  {rule}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        print("| " + " | ".join(rows[-1]) + " |", file=sys.stderr, flush=True)   # a row as soon as it is known
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
        for row in [header] + rows:
            print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))
    print("A change is the figure with the rule off minus the figure with every rule on: negative means the "
          "rule helps. 'fired' counts winning places the rule gave evidence to ('-' for rules that decide "
          "rather than score); 'mentions moved' counts predicted spans whose point changes.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
