"""Shared fixtures: real gazetteers built by the production build code.

``small_gazetteer`` holds a handful of countries and builds in seconds;
``full_gazetteer`` is the real one (built once into the data folder when missing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import open_gazetteer
from gazetteer.build import build
from gazetteer.store import Gazetteer

pytest_plugins = ["tests.browser_session"]

SMALL_COUNTRIES = ("AF", "PK", "TJ", "US", "FR", "GB", "RU", "GE", "LB", "DE", "CH", "NL", "IR", "IN", "CN", "AE", "TR")
SAMPLE_ARTICLE = Path(__file__).resolve().parent.parent / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"


@pytest.fixture(scope="session")
def small_gazetteer(tmp_path_factory) -> Gazetteer:
    path = build(tmp_path_factory.mktemp("gazetteer") / "small.sqlite", countries=SMALL_COUNTRIES)
    return Gazetteer.open(path)


@pytest.fixture(scope="session")
def full_gazetteer() -> Gazetteer:
    return open_gazetteer()
