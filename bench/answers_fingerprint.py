"""Fingerprint every answer the engine gives, to prove a refactor changes none.

    python bench/answers_fingerprint.py [--eval-dir DIR] [--save FILE] [--compare FILE]

For the sample article and for every document of the development corpora (end to end,
and with the gold spans given) it records each mention's span, kind, chosen place,
score and runners-up, and each place's reason, then prints one hash per section.
Equal hashes before and after a change mean equal answers. ``--save`` writes the
answers themselves (kept outside the repository: they are derived from the corpora),
and ``--compare`` lists the first differences against such a file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazetteer import open_gazetteer  # noqa: E402
from geo.evaluate import load_jsonl  # noqa: E402
from geo.export import to_geojson  # noqa: E402
from geo.pipeline import parse  # noqa: E402

SAMPLE = ROOT / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"


def _answers(result) -> dict:
    """What a refactor must not change: the places (kept apart from the reasons, which
    are prose), the focus, and what each mention is."""
    places, reasons = [], []
    for group_name in ("places", "unresolved", "demonyms", "embedded"):
        for item in getattr(result, group_name):
            places.append([group_name, item.key, item.place.id if item.place else None, round(item.score, 3),
                           [[a.place.id, a.score] for a in item.alternatives],
                           [[m.start, m.end, m.kind] for m in item.mentions]])
            reasons.append([item.key, item.reason])
    focus = [result.focus.country_code, result.focus.place_name]
    return {"places": places, "focus": focus, "reasons": reasons}


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def collect(eval_dir: Path, limit: int | None) -> dict[str, dict]:
    gazetteer = open_gazetteer()
    sections: dict[str, dict] = {}
    text = SAMPLE.read_text(encoding="utf-8")
    sections["sample.geojson"] = {"sample": to_geojson(parse(text, gazetteer))}
    for corpus in ("geowebnews", "wiktor"):
        path = eval_dir / f"{corpus}.jsonl"
        if not path.exists():
            continue
        for given in (False, True):
            answers = {}
            for number, doc in enumerate(load_jsonl(path)):
                if limit is not None and number >= limit:
                    break
                spans = [(t["start"], t["end"]) for t in doc.get("toponyms", [])] if given else None
                answers[str(doc.get("id", number))] = _answers(parse(doc["text"], gazetteer, given_spans=spans))
            sections[f"{corpus}{' gold spans' if given else ''}"] = answers
    return sections


def _first_differences(old: dict, new: dict, limit: int = 10) -> list[str]:
    found = []
    for section in sorted(set(old) | set(new)):
        a, b = old.get(section, {}), new.get(section, {})
        for doc in sorted(set(a) | set(b)):
            if a.get(doc) != b.get(doc):
                found.append(f"{section} {doc}:\n  before {json.dumps(a.get(doc))[:600]}\n  after  {json.dumps(b.get(doc))[:600]}")
                if len(found) >= limit:
                    return found
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument("--save", type=Path, help="write the answers to this file")
    parser.add_argument("--compare", type=Path, help="list the first differences from answers saved earlier")
    args = parser.parse_args(argv)
    sections = collect(args.eval_dir, args.limit)
    for name, answers in sections.items():
        without_reasons = {doc: {k: v for k, v in a.items() if k != "reasons"} if "places" in a else a
                           for doc, a in answers.items()}
        print(f"{name:<24} {len(answers):>5} docs  answers {_digest(without_reasons)}  with reasons {_digest(answers)}")
    if args.save:
        args.save.write_text(json.dumps(sections), encoding="utf-8")
    if args.compare:
        # Compared as JSON, like the saved side: the exports hold tuples the file holds as lists.
        differences = _first_differences(json.loads(args.compare.read_text(encoding="utf-8")),
                                         json.loads(json.dumps(sections)))
        print("\n".join(differences) if differences else "no differences")
        return 1 if differences else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
