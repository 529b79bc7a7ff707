"""Every number recognition weighs a match by, in one table.

A match's evidence is its best candidate's importance times how far the name is
trusted (``gazetteer.kinds.strength_factor``), plus the bonuses below that the text
around it earns; it counts as a place when it reaches a threshold.

>>> WEIGHTS["accept"].value, ACCEPT
(0.5, 0.5)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Weight:
    """One number with its name and what it means."""

    name: str
    value: float
    meaning: str


_TABLE = (
    # Thresholds: how much evidence a match needs.
    Weight("accept", 0.5, "evidence any match needs to count as a place"),
    Weight("strong", 0.75, "evidence a place needs where the words around it name something else "
                           "(\"Illinois Department of ...\" stays a place only if this strong; \"X said\" too)"),
    Weight("embedded", 0.65, "renown a place inside an organisation's name must have (\"The Washington Post\")"),
    Weight("before_title", 0.6, "evidence a name before a title needs: \"California Governor\", "
                                "not \"Commerce Secretary\""),
    Weight("minor_renown", 0.6, "renown under which an ordinary word's places are only villages: "
                                "\"Price\" (Utah, 8,000 people) is a surname, not a place, unless \"in Price\""),
    # Bonuses: what the text around a match adds.
    Weight("type_word", 0.3, "a type word that agrees with the candidate's type (\"Kabul province\")"),
    Weight("locative", 0.15, "a locative word just before the name (\"in Kabul\", \"near Herat\")"),
    Weight("comma_unit", 0.2, "a unit after a place and a comma (\"Silverstone, Northamptonshire\")"),
    Weight("structure_word", 0.5, "a structure's word ending a name: \"Marlow Weir\" is a place even where "
                                  "the gazetteer weighs it little or lacks it"),
    Weight("multiword", 0.1, "a name of more than one word (\"Mazar-i-Sharif\", \"New Delhi\")"),
)
WEIGHTS: dict[str, Weight] = {weight.name: weight for weight in _TABLE}

ACCEPT = WEIGHTS["accept"].value
STRONG = WEIGHTS["strong"].value
EMBEDDED = WEIGHTS["embedded"].value
BEFORE_TITLE = WEIGHTS["before_title"].value
MINOR_RENOWN = WEIGHTS["minor_renown"].value
TYPE_WORD_BONUS = WEIGHTS["type_word"].value
LOCATIVE_BONUS = WEIGHTS["locative"].value
COMMA_UNIT_BONUS = WEIGHTS["comma_unit"].value
MULTIWORD_BONUS = WEIGHTS["multiword"].value
STRUCTURE_WORD_BONUS = WEIGHTS["structure_word"].value
# Candidates of one name weighed for its evidence: the most important ones; a long tail
# of namesake villages adds nothing.
CANDIDATES_WEIGHED = 25
# A list of places lifts a word the vetoes took for a name or an ordinary word
# ("Tulsa, Enid, Norman and Moore"): a list of at least LIST_MEMBERS names, at least
# LISTED_PLACES of the others recognised as places.
LIST_MEMBERS = 3
# A qualifier's abbreviation standing alone ("BC") names its place in an article with
# at least this many places in its country.
ABBREVIATION_COUNTRY_PLACES = 2
LISTED_PLACES = 2
# How far a description may run after a name before it names its unit ("Chester is a
# small historic river town and the county seat of Randolph County"), in words, not
# counting a parenthesis inside it; how far such a parenthesis may run ("(Serbian: Ада /
# Ada, Hungarian: Ada)"); how many units of one description are weighed, and how many
# of each unit's namesakes are looked at for one that can hold a place.
DESCRIPTION_REACH = 14
PARENTHESIS_REACH = 24
MAX_DESCRIBED_UNITS = 4
MAX_UNIT_CANDIDATES = 10
