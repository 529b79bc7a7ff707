"""Turn tools/spatial_gold_source.txt into tests/data/spatial_gold.jsonl.

The source marks descriptions inline ([[phrase|truth id|relation]]) and decoys
({{phrase}}); this strips the marks and writes each text with character offsets, so
the JSONL is what the evaluation reads and the source is what a person edits.

    python tools/make_spatial_gold.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "spatial_gold_source.txt"
TARGET = ROOT / "tests" / "data" / "spatial_gold.jsonl"
_MARK = re.compile(r"\[\[(?P<phrase>[^|\]]+)\|(?P<truth>[^|\]]+)\|(?P<relation>[^\]]+)\]\]|\{\{(?P<decoy>[^}]+)\}\}")


def convert(source: str) -> list[dict]:
    documents = []
    for block in re.split(r"^=== ", "\n".join(line for line in source.splitlines() if not line.startswith("#")),
                          flags=re.M)[1:]:
        doc_id, _, body = block.partition("\n")
        text, descriptions, decoys, position = [], [], [], 0
        last = 0
        for match in _MARK.finditer(body.strip()):
            text.append(body.strip()[last:match.start()])
            position += match.start() - last
            phrase = match.group("phrase") or match.group("decoy")
            item = {"start": position, "end": position + len(phrase), "text": phrase}
            if match.group("phrase"):
                truth = match.group("truth").strip()
                item.update(relation=match.group("relation").strip(), truth=None if truth == "-" else truth)
                descriptions.append(item)
            else:
                decoys.append(item)
            text.append(phrase)
            position += len(phrase)
            last = match.end()
        text.append(body.strip()[last:])
        documents.append({"id": doc_id.strip(), "text": "".join(text), "descriptions": descriptions,
                          "not_descriptions": decoys})
    return documents


def main() -> None:
    documents = convert(SOURCE.read_text(encoding="utf-8"))
    TARGET.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    print(f"{len(documents)} texts, {sum(len(d['descriptions']) for d in documents)} descriptions, "
          f"{sum(len(d['not_descriptions']) for d in documents)} decoys -> {TARGET}")


if __name__ == "__main__":
    main()
