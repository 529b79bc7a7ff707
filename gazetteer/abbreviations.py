"""Abbreviations of states and provinces (and a few cities) as news writes them:
"Springfield, IL", "Charleston, W.Va.", "Toronto, Ont.", "Sydney, NSW", "L.A.".

The table is ``gazetteer/data/abbreviations.csv``: the form as written (case and
periods matter: "L.A." is Los Angeles, "La." Louisiana), its target (a GeoNames admin1
code such as "US.IL", or a gazetteer place id), where it may be read, and its source.
``use`` is "place" for a form that names its place anywhere ("in Calif."), and
"qualifier" for one that is only read after a comma behind a place's name, because
standing alone it is more often a word or an acronym ("IN", "OR", "ME", "Mass.").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.paths import CURATED_DIR

TABLE = CURATED_DIR / "abbreviations.csv"
USES = ("place", "qualifier")


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """One row of the table.

    >>> Abbreviation("Ill.", "US.IL", "place", "AP Stylebook").is_admin1
    True
    """

    form: str        # as written: "W.Va.", "NSW", "IL"
    target: str      # "US.WV" (admin1 code) or "gn:5368361" (a place id)
    use: str         # "place" or "qualifier"
    source: str

    @property
    def is_admin1(self) -> bool:
        return ":" not in self.target


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[Abbreviation, ...]]:
    """Form as written -> its rows ("WA" is Washington and Western Australia).

    >>> [a.target for a in abbreviations()["WA"]]
    ['US.WA', 'AU.08']
    >>> abbreviations()["W.Va."][0].use
    'place'
    """
    table: dict[str, list[Abbreviation]] = {}
    with open(TABLE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = Abbreviation(row["abbreviation"].strip(), row["target"].strip(), row["use"].strip(),
                                 row["source"].strip())
            if entry.use not in USES:
                raise ValueError(f"abbreviations.csv: use {entry.use!r} of {entry.form!r} is not one of {USES}")
            table.setdefault(entry.form, []).append(entry)
    return {form: tuple(rows) for form, rows in table.items()}


def state_aliases() -> dict[str, list[str]]:
    """Admin1 code -> the AP Stylebook forms the gazetteer also keeps as names of that
    state ("Calif." -> California), so a lookup of "Calif." finds it."""
    aliases: dict[str, list[str]] = {}
    for rows in abbreviations().values():
        for entry in rows:
            if entry.is_admin1 and entry.source.startswith("AP Stylebook"):
                aliases.setdefault(entry.target, []).append(entry.form)
    return aliases
