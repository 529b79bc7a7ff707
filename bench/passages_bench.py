"""How fast the text is cut into passages, and whether the cost grows with the
text's length and no faster: a 10 MB article of headings, paragraphs and captions,
and one line of 1 MB with no line break, each timed at its full size and at a tenth
of it (best of a few runs). The ratio full / tenth is about 10 when the cost is
linear; far above 10 means some step looks back over the text.

    python bench/passages_bench.py [--repeats 3]

These figures used to be timed assertions in tests/geo/test_passages.py; on a loaded
machine a timed assertion fails without anything being wrong, so they live here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.passages import split_passages  # noqa: E402


def _article(size: int) -> str:
    paragraph = ("Officials in the provincial capital said the bridge over the river would reopen "
                 "after repairs, while traders waited on both banks with their goods. ") * 3
    block = "## Section\n\n" + "\n\n".join([paragraph] * 30) + "\n\nTrucks wait. Ana Ruiz/AP\n\n"
    return block * max(1, size // len(block))


def _one_line(size: int) -> str:
    sentence = "The column moved slowly along the ridge road toward the northern villages. "
    return sentence * (size // len(sentence) + 1)


def _best_seconds(text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        split_passages(text)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'text':<28}{'full s':>9}{'tenth s':>9}{'ratio':>8}")
    for label, make, size in (("10 MB article", _article, 10_000_000),
                              ("1 MB single line", _one_line, 1_000_000)):
        full = _best_seconds(make(size), args.repeats)
        tenth = _best_seconds(make(size // 10), args.repeats)
        print(f"{label:<28}{full:>9.3f}{tenth:>9.3f}{full / tenth:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
