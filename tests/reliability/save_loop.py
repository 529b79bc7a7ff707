"""Child process for the kill test: saves articles and corrections exactly as the app does.

It opens the workspace the way pages/shared.py does (``Workspace.open()`` in the data
folder named by PASSAGE_ATLAS_DATA) and loops until it is killed. Around every
change it appends to a log, flushed and fsynced: an ``intent`` line before the call
and a ``done`` line after the call has returned (the commit is then over). The parent
kills it with SIGKILL at random moments and checks the workspace against the log.

Each article is self-checking: its last line holds the SHA-256 and length of the body,
so a half-written text cannot pass for a whole one.

    python tests/reliability/save_loop.py <log file> <run number> <seed>
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from geo.corrections import Correction  # noqa: E402
from geo.workspace import Workspace  # noqa: E402

PLACES = ("Kabul", "Herat", "Marseille", "Lyon", "Toulouse", "Quito", "Nairobi", "Osaka", "Bergen", "Lima")
WORDS = ("rain", "market", "council", "bridge", "road", "school", "river", "talks", "harbour", "crowd")


def trailer(body: str) -> str:
    return f"\nEND {hashlib.sha256(body.encode('utf-8')).hexdigest()} {len(body)}\n"


def is_whole(text: str) -> bool:
    """True when ``text`` ends with the trailer of exactly the body before it."""
    body, sep, tail = text.rpartition("\nEND ")
    return bool(sep) and text == body + trailer(body)


def article_text(rng: random.Random, title: str) -> str:
    # Sizes from 1 kB to about 300 kB: big commits span many pages, so a kill often lands inside one.
    target = int(rng.choice((1_000, 5_000, 40_000, 120_000, 300_000)) * rng.uniform(0.5, 1.0))
    lines = [title, ""]
    size = 0
    while size < target:
        line = (f"The {rng.choice(WORDS)} in {rng.choice(PLACES)} was reported on day {rng.randrange(10**6)}; "
                f"delegates from {rng.choice(PLACES)} answered.")
        lines.append(line)
        size += len(line) + 1
    body = "\n".join(lines)
    return body + trailer(body)


def main() -> None:
    log_path, run, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    log = open(log_path, "a", encoding="utf-8")

    def note(**record) -> None:
        log.write(json.dumps(record) + "\n")
        log.flush()
        os.fsync(log.fileno())

    workspace = Workspace.open()
    note(op="opened", run=run)
    ids: list[int] = []
    for n in range(100_000):  # bounded; the parent kills it long before
        title = f"Run {run} article {n}"
        text = article_text(rng, title)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        note(op="intent-article", title=title, hash=digest)
        article_id = workspace.save_article(title, text)
        note(op="done-article", id=article_id, title=title, hash=digest)
        ids.append(article_id)
        for _ in range(rng.randrange(3)):
            target = rng.choice(ids)
            key = rng.choice(PLACES).lower()
            place = rng.choice((None, f"test:{rng.randrange(1000)}"))
            note(op="intent-correction", id=target, key=key, place=place)
            workspace.set_correction(target, Correction(key, place))
            note(op="done-correction", id=target, key=key, place=place)


if __name__ == "__main__":
    main()
