"""Made-up places for recognition's tiny gazetteers (built by the production schema code)."""

from __future__ import annotations

import pytest

from gazetteer.build import build_from_places
from gazetteer.model import Place


def made_up_place(slug: str, name: str, feature_type: str = "city", population: int = 0, *, country: str,
                  admin1: str, lat: float, lon: float) -> Place:
    """A place with the id ``t:<slug>``; a module binds its own country, state and point
    (``functools.partial``) and overrides them where a place lies elsewhere."""
    return Place(f"t:{slug}", name, feature_type, country, lat, lon, population=population, admin1_code=admin1)



def tiny_gazetteer_fixture(places, **build_options):
    """A module's ``gaz`` fixture: a gazetteer of ``places`` built once for the module
    (``build_options`` as ``build_from_places`` takes them), closed after it."""
    @pytest.fixture(scope="module")
    def gaz():
        gazetteer = build_from_places(places, **build_options)
        yield gazetteer
        gazetteer.close()
    return gaz
