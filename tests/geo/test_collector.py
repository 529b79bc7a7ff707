"""The cyclic collector is paused while the engine parses, and a parse leaves no cycle."""

from __future__ import annotations

import gc

import pytest

from geo.collector import collector_paused
from geo.pipeline import parse

# Written for these tests: names, a qualifier, a description with a distance and
# direction, a border and a between, so every stage builds its objects.
TEXT = ("Fighting spread from Kabul to Herat on Monday. The Panjshir Valley, 70 miles north of Kabul, "
        "held out, and aid crossed the border with Pakistan near Torkham. Officials in Paris, Texas, "
        "said the road between Kandahar and Herat stayed closed.")


def test_the_collector_is_off_during_a_parse_and_on_after(full_gazetteer):
    seen = []
    result = parse(TEXT, full_gazetteer, progress=lambda _fraction, _label: seen.append(gc.isenabled()))
    assert result.places
    assert seen and not any(seen)
    assert gc.isenabled()


def test_the_collector_comes_back_when_a_parse_fails(full_gazetteer):
    def fail(_fraction, _label):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        parse(TEXT, full_gazetteer, progress=fail)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(full_gazetteer):
    gc.disable()
    try:
        parse(TEXT, full_gazetteer)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_keep_it_off_until_the_last_ends():
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()       # the second parse is still running
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_parse_leaves_no_reference_cycle(full_gazetteer):
    # What makes the pause free: were a parse to leave cycles, they would wait for
    # the collector. A warm parse first, so lazily loaded tables do not count.
    parse(TEXT, full_gazetteer)
    gc.collect()
    gc.disable()
    try:
        result = parse(TEXT, full_gazetteer)
        assert result.derived and result.places
        del result
        assert gc.collect() == 0
    finally:
        gc.enable()
