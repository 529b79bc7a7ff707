"""Made-up places for recognition's tiny gazetteers (built by the production schema code)."""

from __future__ import annotations

from gazetteer.model import Place


def made_up_place(slug: str, name: str, feature_type: str = "city", population: int = 0, *, country: str,
                  admin1: str, lat: float, lon: float) -> Place:
    """A place with the id ``t:<slug>``; a module binds its own country, state and point
    (``functools.partial``) and overrides them where a place lies elsewhere."""
    return Place(f"t:{slug}", name, feature_type, country, lat, lon, population=population, admin1_code=admin1)

