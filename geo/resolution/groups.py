"""Mentions grouped for resolution: one sense per name, type word and qualifier."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from geo.recognize import Recognized

# How the reader's sentence names a type word: "the text calls it a province or state".
HINT_WORDS = {"admin1": "province or state", "admin2": "district or county", "mountains": "mountain range"}


@dataclass(frozen=True, slots=True)
class Group:
    """Mentions that share a name, a type word and a qualifier."""

    key: str
    type_hint: str
    qualifier: str
    items: tuple[Recognized, ...]
    embedded: bool = False    # only inside organisations' names: no vote in the focus

    @property
    def affiliated(self) -> bool:
        """Leads an agency's name ("Illinois Department of ..."): the body works there."""
        return any(item.affiliated for item in self.items)

    @property
    def type_hint_words(self) -> str:
        """The type word as a reader would say it.

        >>> Group("ghor", "admin1", "", ()).type_hint_words
        'province or state'
        """
        return HINT_WORDS.get(self.type_hint, self.type_hint)


def group_mentions(recognized: list[Recognized]) -> list[Group]:
    """The article's toponyms and embedded names, grouped by name, type word and qualifier."""
    groups: dict[tuple[str, str, str, bool], list[Recognized]] = defaultdict(list)
    for item in recognized:
        if item.kind in ("toponym", "embedded"):
            groups[(item.key, item.type_hint, item.qualifier, item.kind == "embedded")].append(item)
    # A bare mention takes the qualifier its name had earlier in the article: after
    # "Paris, Texas", a later "Paris" is still in Texas. A qualified mention that comes
    # only after the bare ones names another place ("Chester ... named after Chester,
    # England"), so it does not reach back.
    qualified: dict[tuple[str, str], tuple[str, int]] = {}
    for (key, hint, q, _), items in groups.items():
        if q:
            first = min(item.start for item in items)
            if (key, hint) not in qualified or first < qualified[(key, hint)][1]:
                qualified[(key, hint)] = (q, first)
    merged: dict[tuple[str, str, str, bool], list[Recognized]] = defaultdict(list)
    for (key, hint, qualifier, embedded), items in groups.items():
        if not qualifier and (key, hint) in qualified:
            inherited, since = qualified[(key, hint)]
            if since < min(item.start for item in items):
                qualifier = inherited
        merged[(key, hint, qualifier, embedded)].extend(items)
    return [Group(k, h, q, tuple(sorted(items, key=lambda r: r.start)), e)
            for (k, h, q, e), items in merged.items()]
