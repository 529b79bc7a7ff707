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


def pytest_addoption(parser) -> None:
    parser.addoption("--rule-off", action="append", default=[], metavar="RULE",
                     help="parse with this engine rule switched off (repeatable): which tests notice? "
                          "Applies to everything that parses through geo.pipeline (bench/rule_tests.py)")


@pytest.fixture(autouse=True)
def _rules_switched_off(request, monkeypatch):
    """With ``--rule-off``, recognition (every ``Context``) and resolution (every
    ``resolve_groups`` the pipeline calls) run without those rules, so the tests that
    need a rule are the ones that fail without it."""
    off = frozenset(request.config.getoption("--rule-off"))
    if not off:
        return
    import geo.pipeline as pipeline
    from geo.recognition.model import Context
    unknown = off - set(pipeline.RULE_NAMES)
    if unknown:
        raise pytest.UsageError(f"unknown rule(s): {', '.join(sorted(unknown))}")
    rule_on = Context.on
    monkeypatch.setattr(Context, "on", lambda self, rule: rule not in off and rule_on(self, rule))
    resolve = pipeline.resolve_groups

    def resolve_without(*args, without=frozenset(), **kwargs):
        return resolve(*args, without=frozenset(without) | off, **kwargs)

    monkeypatch.setattr(pipeline, "resolve_groups", resolve_without)
