"""Mention records: the one flat shape every per-mention output shares.

``python -m geo parse --jsonl`` writes these records, ``python -m geo evaluate`` scores
exactly them, and ``python -m geo batch`` stores them in its ``mentions`` table, so the
three can never disagree about what the engine found. One record per mention of a
name, in text order, each with its ``kind``:

``toponym``     a mention of a resolved place
``demonym``     a nationality word ("Afghan") linked to its country
``embedded``    a place named only inside an organisation's name ("The Washington Post")
``unresolved``  a name with no good candidate (no place, no point)

A span the engine reported under two readings keeps its first, most specific one
(place, then demonym, then embedded, then unresolved).
"""

from __future__ import annotations

import json
import math
from typing import Any

from geo.model import ParseResult, Passage, ResolvedPlace
from geo.spatial.export import derived_records

RECORD_KINDS = ("toponym", "demonym", "embedded", "unresolved")

# The fields of a record, in the order the tables and the JSON lines use. Keep
# docs/BATCH.md's schema table in step (a test compares them).
RECORD_FIELDS = (
    "start", "end", "text", "kind", "passage_index", "passage_start", "passage",
    "place_id", "name", "feature_type", "country_code", "admin1", "lat", "lon",
    "score", "confidence", "corrected",
)


def mention_records(result: ParseResult) -> list[dict[str, Any]]:
    """Every mention of ``result`` as a flat record, sorted by position.

    ``text`` is ``result.text[start:end]``; ``name`` is the place's gazetteer name;
    ``passage`` is the text of the passage holding the mention, which starts at
    ``passage_start``. Unresolved names carry ``None`` for the place's fields.

    >>> from geo.model import Mention, Passage, ResolvedPlace
    >>> from gazetteer.model import Place
    >>> text = "Rain in Lagos."
    >>> lagos = Place("gn:1", "Lagos", "city", "NG", 6.45, 3.39, admin1_name="Lagos State")
    >>> found = ResolvedPlace("gn:1", "Lagos", lagos, (Mention(8, 13, "Lagos", 0),), score=0.9)
    >>> record, = mention_records(ParseResult(text, (Passage(0, 0, 14),), (found,), (), ()))
    >>> record["kind"], record["name"], record["lat"], record["admin1"], record["passage"]
    ('toponym', 'Lagos', 6.45, 'Lagos State', 'Rain in Lagos.')
    """
    passages = {p.index: p for p in result.passages}
    seen: set[tuple[int, int]] = set()
    records: list[dict[str, Any]] = []
    groups = (("toponym", result.places), ("demonym", result.demonyms),
              ("embedded", result.embedded), ("unresolved", result.unresolved))
    for kind, places in groups:
        for item in places:
            for mention in item.mentions:
                if (mention.start, mention.end) in seen:
                    continue
                seen.add((mention.start, mention.end))
                records.append(_record(result.text, item, mention.start, mention.end, mention.text, kind,
                                       passages.get(mention.passage)))
    records.sort(key=lambda r: (r["start"], r["end"]))
    return records


def jsonl_line(doc_id: Any, result: ParseResult) -> str:
    """One JSON line ``{"id", "toponyms": [records]}`` (no trailing newline).

    The key stays ``toponyms`` so the line reads like a gold document: any scorer of
    that format can score it as it is.

    >>> jsonl_line("d1", ParseResult("", (), (), (), ()))
    '{"id": "d1", "toponyms": []}'
    """
    record: dict[str, Any] = {"id": doc_id, "toponyms": mention_records(result)}
    if result.derived:
        # Places the text describes ("70 miles north of Kabul"), kind "derived", kept
        # apart so a scorer of named toponyms reads the line as before.
        record["derived"] = derived_records(result)
    # json never emits a raw newline inside a string, so this stays one line.
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


def _record(text: str, item: ResolvedPlace, start: int, end: int, surface: str, kind: str,
            passage: Passage | None) -> dict[str, Any]:
    place = item.place
    return {
        "start": start, "end": end, "text": surface, "kind": kind,
        "passage_index": passage.index if passage is not None else None,
        "passage_start": passage.start if passage is not None else None,
        "passage": passage.text_of(text) if passage is not None else None,
        "place_id": place.id if place is not None else None,
        "name": place.name if place is not None else None,
        "feature_type": place.feature_type if place is not None else None,
        "country_code": (place.country_code or None) if place is not None else None,
        "admin1": (place.admin1_name or None) if place is not None else None,
        "lat": place.lat if place is not None else None,
        "lon": place.lon if place is not None else None,
        "score": _finite(item.score) if place is not None else None,
        "confidence": _finite(item.confidence) if place is not None else None,
        "corrected": item.corrected,
    }


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
