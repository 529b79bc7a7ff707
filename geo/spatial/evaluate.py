"""Score spatial descriptions on a gold JSONL: ``python -m geo spatial-eval GOLD.jsonl``.

A gold line is ``{"id", "text", "descriptions": [{"start", "end", "text", "relation",
"truth"}], "not_descriptions": [{"start", "end", "text"}]}``; ``truth`` is the
gazetteer id of the real place a description locates (its point comes from the
gazetteer, never from the engine), or null. A derived place found overlapping a gold
description finds it; any other derived place in the text is a false one.

Printed: recall (descriptions found), precision (derived places that are real
descriptions), containment (found descriptions whose area holds the true point), the
median area, and, with ``--corpus DOCS.jsonl``, derived places per 10,000 words on
ordinary news and a sample of them written to a file for checking by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from gazetteer.errors import InputError, PassageAtlasError
from gazetteer.store import Gazetteer
from geo.model import ParseResult
from geo.spatial.model import DerivedPlace

Parse = Callable[[str], ParseResult]


@dataclass(frozen=True, slots=True)
class GoldDescription:
    start: int
    end: int
    text: str
    relation: str = ""
    truth: str | None = None


@dataclass(frozen=True, slots=True)
class GoldText:
    id: str
    text: str
    descriptions: tuple[GoldDescription, ...]
    decoys: tuple[GoldDescription, ...] = ()


@dataclass
class Scores:
    """Counts over a gold set, and the lines that explain each miss."""

    descriptions: int = 0
    found: int = 0
    derived: int = 0
    false: int = 0
    with_truth: int = 0
    contained: int = 0
    areas_km2: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_relation: Counter = field(default_factory=Counter)
    found_by_relation: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.found / self.descriptions if self.descriptions else 0.0

    @property
    def precision(self) -> float:
        return (self.derived - self.false) / self.derived if self.derived else 0.0

    @property
    def containment(self) -> float:
        return self.contained / self.with_truth if self.with_truth else 0.0

    @property
    def median_area_km2(self) -> float:
        return statistics.median(self.areas_km2) if self.areas_km2 else 0.0


def load_gold(path: str | Path) -> list[GoldText]:
    """Read and check a spatial gold file; a bad line is an InputError naming it."""
    texts = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            text = raw["text"]
            items = [tuple(_item(item, text) for item in raw.get(key) or ())
                     for key in ("descriptions", "not_descriptions")]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: not a spatial gold line ({exc})") from exc
        texts.append(GoldText(str(raw.get("id", number)), text, items[0], items[1]))
    return texts


def _item(raw: dict, text: str) -> GoldDescription:
    start, end = int(raw["start"]), int(raw["end"])
    if text[start:end] != raw["text"]:
        raise ValueError(f"offsets {start}-{end} do not hold {raw['text']!r}")
    return GoldDescription(start, end, raw["text"], raw.get("relation", ""), raw.get("truth"))


def _overlaps(item: DerivedPlace, gold: GoldDescription) -> bool:
    return item.mention.start < gold.end and gold.start < item.mention.end


def score(texts: Sequence[GoldText], parse: Parse, gazetteer: Gazetteer) -> Scores:
    """Recall, precision, containment and areas of the engine on the gold texts."""
    scores = Scores()
    for gold in texts:
        derived = parse(gold.text).derived
        scores.derived += len(derived)
        for item in derived:
            if not any(_overlaps(item, g) for g in gold.descriptions):
                scores.false += 1
                scores.errors.append(f"{gold.id}: false description {item.mention.text!r} ({item.rule})")
        for description in gold.descriptions:
            scores.descriptions += 1
            scores.by_relation[description.relation] += 1
            match = next((item for item in derived if _overlaps(item, description)), None)
            if match is None:
                scores.errors.append(f"{gold.id}: missed {description.text!r}")
                continue
            scores.found += 1
            scores.found_by_relation[description.relation] += 1
            if match.area_km2 is not None:
                scores.areas_km2.append(match.area_km2)
            if description.truth:
                place = gazetteer.get(description.truth)
                if place is None:
                    raise InputError(f"{gold.id}: the gazetteer has no place {description.truth!r}")
                scores.with_truth += 1
                if match.contains(place.lat, place.lon):
                    scores.contained += 1
                else:
                    scores.errors.append(
                        f"{gold.id}: {description.text!r}: {place.name} is outside the area "
                        f"({match.reason or match.method})")
    return scores


def report(scores: Scores, out: TextIO, *, errors: int = 0) -> None:
    target = lambda value, goal: "met" if value >= goal else "NOT met"   # noqa: E731
    print(f"descriptions: {scores.descriptions}  found: {scores.found}  derived: {scores.derived}  "
          f"false: {scores.false}", file=out)
    print(f"recall      {scores.recall:.3f}  (target >= 0.90: {target(scores.recall, 0.90)})", file=out)
    print(f"precision   {scores.precision:.3f}  (target >= 0.95: {target(scores.precision, 0.95)})", file=out)
    print(f"containment {scores.containment:.3f}  ({scores.contained}/{scores.with_truth} true points inside; "
          f"target >= 0.90: {target(scores.containment, 0.90)})", file=out)
    print(f"median area {scores.median_area_km2:,.0f} km²", file=out)
    for relation, count in sorted(scores.by_relation.items()):
        print(f"  {relation:20} {scores.found_by_relation[relation]}/{count} found", file=out)
    for line in scores.errors[:errors]:
        print(f"  - {line}", file=out)


def corpus_rate(path: str | Path, parse: Parse, *, sample: int = 30, sample_path: Path | None = None,
                seed: int = 12) -> tuple[int, int, list[str]]:
    """Derived places and words over a JSONL corpus of {"id", "text"}; a random sample
    of the derived places (with their sentence) is written to ``sample_path``."""
    words = 0
    found: list[str] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            text = raw["text"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: needs a JSON object with a 'text' ({exc})") from exc
        words += len(re.findall(r"\w+", text))
        for item in parse(text).derived:
            start = max(0, item.mention.start - 100)
            context = text[start:item.mention.end + 60].replace("\n", " ")
            found.append(f"[{raw.get('id', number)}] {item.relation} / {item.rule}: «{item.mention.text}»  "
                         f"area {item.area_km2 or 0:,.0f} km² {item.reason}\n    …{context}…")
    chosen = random.Random(seed).sample(found, min(sample, len(found)))
    if sample_path is not None:
        sample_path.parent.mkdir(parents=True, exist_ok=True)
        sample_path.write_text("\n".join(f"{i + 1}. {line}" for i, line in enumerate(chosen)) + "\n",
                               encoding="utf-8")
    return len(found), words, chosen


def main(argv: Sequence[str], *, make_parse: Callable[[], tuple[Parse, Gazetteer]],
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m geo spatial-eval",
                                     description="score spatial descriptions on a gold JSONL")
    parser.add_argument("gold", help="tests/data/spatial_gold.jsonl or another file of that shape")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the first N misses")
    parser.add_argument("--corpus", metavar="DOCS.jsonl", help="also count derived places on ordinary news")
    parser.add_argument("--sample-out", metavar="FILE", default="var/spatial_sample.txt",
                        help="where the corpus sample goes (default: var/spatial_sample.txt)")
    args = parser.parse_args(list(argv))
    try:
        texts = load_gold(args.gold)
        parse, gazetteer = make_parse()
        report(score(texts, parse, gazetteer), out, errors=args.errors)
        if args.corpus:
            count, words, _ = corpus_rate(args.corpus, parse, sample_path=Path(args.sample_out))
            rate = 10_000 * count / words if words else 0.0
            print(f"corpus: {count} derived places in {words:,} words = {rate:.1f} per 10,000 words; "
                  f"sample written to {args.sample_out}", file=out)
    except PassageAtlasError as exc:
        print(f"error: {exc}", file=err)
        return 2
    return 0
