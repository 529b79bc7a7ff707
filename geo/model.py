"""Domain objects of a parsed article: passages, mentions, resolved places, the result.

All are frozen dataclasses; ``geo.export`` turns a ``ParseResult`` into GeoJSON, CSV,
KML and JSONL for the command line, the downloads and the evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gazetteer.model import Place

if TYPE_CHECKING:   # geo.spatial.model builds on this module's Mention
    from geo.spatial.model import DerivedPlace

PASSAGE_KINDS = ("paragraph", "heading", "caption")
MENTION_KINDS = ("toponym", "demonym", "embedded", "derived")


# Ids of places the gazetteer lacks, pinned at the unit the text says holds them
# ("Stockholm, a town in Kingfisher County"): "within:<container id>:<name key>".
WITHIN_PREFIX = "within:"


def is_placed_within(place: Place) -> bool:
    """True for an approximate place pinned at its container, not a gazetteer entry.

    >>> is_placed_within(Place("within:gn:4544:dover", "Dover", "other", "US", 35.9, -97.9))
    True
    """
    return place.id.startswith(WITHIN_PREFIX)


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph, heading or caption, as offsets into the article text."""

    index: int
    start: int
    end: int
    kind: str = "paragraph"

    def text_of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a name in the text: ``text == article[start:end]``."""

    start: int
    end: int
    text: str
    passage: int
    kind: str = "toponym"       # "toponym", "demonym", "embedded" (inside an organisation's name)
                                # or "derived" (a description: "70 miles north of Kabul")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One rule's say about one candidate.

    A rule of resolution (``geo.resolution.rules``) gives it to a candidate; a place's
    score is the sum of its evidence, and its reason is rendered from it.

    >>> Evidence("type_word_fits", 0.4, "the text calls it a valley").value
    0.4
    """

    rule: str
    value: float
    reason: str = ""
    withdraws: str = ""     # a rule whose reason this evidence takes back


@dataclass(frozen=True, slots=True)
class Alternative:
    """A candidate that lost, kept so a reader can see what else the name could be."""

    place: Place
    score: float


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A distinct place of the article with every mention that refers to it."""

    key: str                    # stable within a result: the place id, or "unresolved:<name>"
    name: str                   # the name as the article writes it most often
    place: Place | None         # None when no candidate was good enough
    mentions: tuple[Mention, ...]
    score: float = 0.0
    reason: str = ""
    alternatives: tuple[Alternative, ...] = ()
    variant: bool = False       # matched through a spelling variant
    corrected: bool = False     # a user chose this place by hand
    # The probability that the place is right, calibrated on the development corpora
    # (see geo.confidence); 1.0 for a user's correction, 0.0 when not estimated.
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = ()   # what the rules said for the chosen place

    @property
    def resolved(self) -> bool:
        return self.place is not None

    @property
    def first_start(self) -> int:
        return self.mentions[0].start if self.mentions else 0


@dataclass(frozen=True, slots=True)
class Focus:
    """Where the article is mostly about: a country and, where one stands out, a place."""

    country_code: str = ""
    country_name: str = ""
    place_name: str = ""

    def summary(self) -> str:
        """One line for the page header.

        >>> Focus("AF", "Afghanistan", "Panjshir").summary()
        'mostly about Panjshir, Afghanistan'
        """
        if not self.country_name:
            return "no clear geographic focus"
        if self.place_name and self.place_name != self.country_name:
            return f"mostly about {self.place_name}, {self.country_name}"
        return f"mostly about {self.country_name}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Everything the engine found in one article."""

    text: str
    passages: tuple[Passage, ...]
    places: tuple[ResolvedPlace, ...]         # resolved, in order of first mention
    unresolved: tuple[ResolvedPlace, ...]     # names with no good candidate, never dropped
    demonyms: tuple[ResolvedPlace, ...]       # "Afghan", "Soviet": linked to their country
    focus: Focus = Focus()
    # Places named only inside organisations' and publications' names ("The Washington
    # Post", "Air Zimbabwe"): linked to the place, kept off the map.
    embedded: tuple[ResolvedPlace, ...] = ()
    # Places the text describes instead of naming ("70 miles north of Kabul"), in text
    # order, each with the area it stands for (geo.spatial).
    derived: tuple[DerivedPlace, ...] = ()
    # Where reading for places stopped, when the article names more possible places
    # than PASSAGE_ATLAS_MAX_MENTIONS (the text after it is kept, not read); None: all read.
    unread_from: int | None = None

    def place(self, key: str) -> ResolvedPlace | None:
        for group in (self.places, self.unresolved, self.demonyms, self.embedded):
            for item in group:
                if item.key == key:
                    return item
        return None
