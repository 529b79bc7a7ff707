"""recognize(): the order in which recognition reads a document."""

from __future__ import annotations

from collections.abc import Iterable

from gazetteer.store import Gazetteer
from geo.lexicon import Lexicon, load_lexicon
from geo.recognition.abbreviations import with_abbreviated_places
from geo.recognition.company import with_places_by_company
from geo.recognition.institutions import with_institutions_of_places
from geo.recognition.descriptions import with_described_places
from geo.recognition.matching import match_run
from geo.recognition.model import Context, Recognized, Rejection
from geo.recognition.people import collect_people
from geo.recognition.repeats import names_placed_again
from geo.recognition.runs import placed_words
from geo.recognition.runs import capitalised_runs, title_case_lines
from geo.recognition.vetoes import run_vetoed, without_vetoed_mentions
from geo.tokens import tokenize


def _read(text: str, gazetteer: Gazetteer, lexicon: Lexicon | None, without: frozenset[str],
          rejections: list[Rejection] | None) -> list[Recognized]:
    lexicon = lexicon or load_lexicon()
    tokens = tokenize(text)
    ctx = Context(text, gazetteer, lexicon, tokens, without=without, rejections=rejections)
    ctx.lower_words = {t.key for t in tokens if not t.capitalised and not t.caseless}
    runs = capitalised_runs(tokens, text, gazetteer)
    ctx.title_case = title_case_lines(tokens)
    ctx.placed_words = placed_words(tokens, gazetteer)
    collect_people(ctx, runs)
    found: list[Recognized] = []
    for i, j in runs:
        if run_vetoed(ctx, i, j):
            continue
        match_run(ctx, i, j, found)
    found = with_places_by_company(ctx, runs, found)
    found = with_institutions_of_places(ctx, with_abbreviated_places(ctx, found))
    found = without_vetoed_mentions(ctx, with_described_places(ctx, runs, found))
    added = without_vetoed_mentions(ctx, names_placed_again(ctx, runs, found))
    return sorted(found + added, key=lambda r: r.start) if added else found


def recognize(text: str, gazetteer: Gazetteer, *, lexicon: Lexicon | None = None,
              without: Iterable[str] = frozenset()) -> list[Recognized]:
    """Place-name and demonym spans in ``text``, in order. ``without`` names rules or
    vetoes to switch off (``RULE_NAMES``), to measure what each one does; names of
    other stages' rules are ignored, so one set can serve the whole pipeline.

    >>> from gazetteer.build import build_from_places
    >>> from gazetteer.model import Place
    >>> gaz = build_from_places([Place("gn:1", "Kabul", "city", "AF", 34.5, 69.2, population=4_000_000),
    ...                          Place("gn:2", "Mark", "city", "US", 41.1, -89.2, population=500)])
    >>> [r.text for r in recognize("Mark said fighting reached Kabul.", gaz)]
    ['Kabul']
    """
    return _read(text, gazetteer, lexicon, frozenset(without), None)


def rejections(text: str, gazetteer: Gazetteer, *, lexicon: Lexicon | None = None,
               without: Iterable[str] = frozenset()) -> list[Rejection]:
    """The names the vetoes kept off the map in ``text``, each with its veto and reason,
    in order and once each: what to read when a place goes missing.

    >>> from gazetteer.build import build_from_places
    >>> from gazetteer.model import Place
    >>> gaz = build_from_places([Place("gn:2", "Mark", "city", "US", 41.1, -89.2, population=500)])
    >>> [(r.text, r.veto) for r in rejections("Mark left early.", gaz)]
    [('Mark', 'given_name')]
    """
    found: list[Rejection] = []
    _read(text, gazetteer, lexicon, frozenset(without), found)
    return sorted(dict.fromkeys(found), key=lambda r: (r.start, r.end))

