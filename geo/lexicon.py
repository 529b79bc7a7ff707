"""Word lists the recogniser consults, loaded once from ``geo/data/`` and the gazetteer's
curated demonyms table."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gazetteer.fold import fold
from gazetteer.paths import CURATED_DIR

LEXICON_DIR = Path(__file__).resolve().parent / "data"


def _words(filename: str, *, split: bool = False) -> frozenset[str]:
    path = LEXICON_DIR / filename
    if not path.exists():
        return frozenset()
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.add(fold(line))
            if split:   # "vice president": its first word marks a title where tokens are checked one by one
                entries.add(fold(line).split()[0] if fold(line) else "")
    return frozenset(entries)


@dataclass(frozen=True, slots=True)
class Demonym:
    form: str
    target_kind: str     # "country", "historical", "region", ...
    target: str          # ISO code, historical id or feature id
    ambiguous: bool      # also a language or common word ("English", "French")


@dataclass(frozen=True, slots=True)
class Lexicon:
    given_names: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    common_words: frozenset[str]
    non_places: frozenset[str]
    particles: frozenset[str]
    demonyms: dict[str, Demonym]


def _demonyms() -> dict[str, Demonym]:
    path = CURATED_DIR / "demonyms.csv"
    result: dict[str, Demonym] = {}
    if not path.exists():
        return result
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            form = (row.get("form") or "").strip()
            if not form or not row.get("target"):
                continue
            result.setdefault(fold(form), Demonym(form, row.get("target_kind", "country"), row["target"].strip(),
                                                  (row.get("ambiguous") or "0").strip() in ("1", "true", "yes")))
    return result


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return Lexicon(
        given_names=_words("given_names.txt"),
        titles=_words("titles.txt", split=True),
        org_words=_words("org_words.txt"),
        common_words=_words("common_words.txt"),
        non_places=_words("non_place_names.txt"),
        particles=_words("surname_particles.txt"),
        demonyms=_demonyms(),
    )
