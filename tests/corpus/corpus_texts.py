"""A small corpus written for the batch tests: paragraphs about places, recombined.

Never text from an evaluation corpus. ``documents(n)`` gives the same ``n`` documents
every time, with dates and sources so the corpus view has something to filter.
"""

from __future__ import annotations

import json
from pathlib import Path

PARAGRAPHS = (
    "Flooding closed the roads between Lyon and Grenoble on Tuesday, and trains to Marseille ran late.",
    "Farmers near Nakuru said the rains came early; traders in Nairobi expect lower maize prices.",
    "The ferry from Halifax reached St. John's after a storm kept it in port for two days.",
    "Officials in Dhaka met Indian engineers to plan an embankment along the river near Sylhet.",
    "A Canadian freighter left Vancouver for Yokohama with grain from Saskatchewan.",
    "Reporters from The Washington Post followed the senator from Denver to Cheyenne.",
    "Kenyan runners trained in Eldoret before the race in Berlin.",
    "Talks in Geneva ended without a deal; delegates flew home to Tehran and Ankara.",
    "Wildfires burned east of Perth while Adelaide recorded its hottest night.",
    "Nobody in the village of Quorvenna had seen such a queue at the bakery.",
    "The mayor of Porto opened a new tram line that runs to the airport.",
    "Heavy snow cut power to thousands of homes around Denver and Boulder.",
)
SOURCES = ("Wire One", "Daily Courier", "<b>Hostile & Co</b>")


def documents(count: int) -> list[dict]:
    """``count`` documents of two or three paragraphs each, with a date and a source."""
    docs = []
    for n in range(count):
        chosen = [PARAGRAPHS[(n + k * 5) % len(PARAGRAPHS)] for k in range(2 + n % 2)]
        docs.append({"id": f"doc-{n:04d}", "text": "\n\n".join(chosen),
                     "date": f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}", "source": SOURCES[n % len(SOURCES)]})
    return docs


def write_jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def write_output(folder_path: Path, docs: list[dict], gazetteer, *, per_partition: int = 10,
                 output_format: str = "parquet") -> Path:
    """A batch output folder made in this process, without Dask: what a worker makes of
    each partition, written the way the driver writes it."""
    from geo.corpus.output import OutputFolder
    from geo.corpus.partitions import partitions
    from geo.corpus.queries import finish_output
    from geo.corpus.sources import SourceDocument
    from geo.corpus.work import parse_documents

    folder = OutputFolder(folder_path, output_format=output_format)
    folder.prepare({"inputs": ["written-by-the-test"], "format": output_format}, resume=False)
    sources = [SourceDocument(d["id"], "test", text=d["text"],
                              metadata=tuple((k, v) for k, v in d.items() if k not in ("id", "text")))
               for d in docs]
    for partition in partitions(sources, max_documents=per_partition):
        result = parse_documents(partition, gazetteer)
        folder.write_partition(partition.index, {"mentions": result.mentions, "documents": result.documents})
    finish_output(folder)
    return folder_path
