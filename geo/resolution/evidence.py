"""What resolution knows about a candidate, as a list of evidence, and the choice it
makes from it.

A rule adds :class:`Evidence` (its name, a value, a short reason); a candidate's score
is the sum of its evidence; the reason a reader sees is rendered from the winner's
evidence at the edge (:func:`explain`), never read back as state.
"""

from __future__ import annotations

from dataclasses import dataclass

from gazetteer.model import Candidate, Place
from geo.model import Alternative, Evidence
from geo.resolution.groups import Group

REASONS_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate with the evidence the rules gave it, its score their sum (in the
    order the rules ran, so every run adds the same numbers the same way)."""

    candidate: Candidate
    evidence: tuple[Evidence, ...]
    score: float

    @classmethod
    def of(cls, candidate: Candidate, evidence: tuple[Evidence, ...]) -> Scored:
        score = 0.0
        for item in evidence:
            score += item.value
        return cls(candidate, evidence, score)

    @property
    def place(self) -> Place:
        return self.candidate.place

    def has(self, rule: str) -> bool:
        """Whether ``rule`` gave this candidate anything."""
        return any(item.rule == rule for item in self.evidence)

    def reasons(self) -> list[str]:
        return reasons_of(self.evidence)


def reasons_of(evidence: tuple[Evidence, ...]) -> list[str]:
    """The reasons a reader sees, in rule order, less those later evidence took back.

    >>> reasons_of((Evidence("qualifier", 0.7, "named with its region"), Evidence("qualifier_container", -0.7,
    ...             withdraws="qualifier")))
    []
    """
    withdrawn = {item.withdraws for item in evidence if item.withdraws}
    return [item.reason for item in evidence if item.reason and item.rule not in withdrawn]


# What a choice is, apart from the evidence: the reader's sentence starts from it.
CHOSEN = "chosen"                  # the best-scored of several candidates
ONLY_CANDIDATE = "only candidate"  # the gazetteer knows one place of that name
NO_ENTRY = "no entry"              # no gazetteer entry matches the name
NO_SUCH_FEATURE = "no such feature"  # "the Periyar river": no river of that name
PINNED = "pinned"                  # pinned at the unit the text says holds it: no namesake lies there
PINNED_NO_ENTRY = "pinned, no entry"   # ... and the gazetteer has no place of that name at all


@dataclass(frozen=True, slots=True)
class Choice:
    """What resolution decided for one group of mentions, and on what evidence."""

    group: Group
    place: Place | None
    score: float
    alternatives: tuple[Alternative, ...]
    variant: bool
    outcome: str = CHOSEN
    evidence: tuple[Evidence, ...] = ()
    container: Place | None = None     # for PINNED: the unit it is pinned at

    @property
    def reason(self) -> str:
        return explain(self)


def explain(choice: Choice) -> str:
    """The one line a reader sees for a choice, rendered from its evidence.

    >>> from geo.resolution.groups import Group
    >>> explain(Choice(Group("x", "", "", ()), None, 0.0, (), False, NO_ENTRY))
    'no gazetteer entry matches this name'
    """
    reasons = reasons_of(choice.evidence)
    if choice.outcome == NO_ENTRY:
        return "no gazetteer entry matches this name"
    if choice.outcome == NO_SUCH_FEATURE:
        hint = choice.group.type_hint_words
        return f"the text calls it a {hint}; the gazetteer has no {hint} of that name"
    if choice.outcome in (PINNED, PINNED_NO_ENTRY):
        container = choice.container.name if choice.container else ""
        why = (f"the gazetteer has no {choice.group.items[0].text} in {container}" if choice.outcome == PINNED
               else "no gazetteer entry matches this name")
        return f"{why}; pinned at {container}, where the text places it"
    if choice.outcome == ONLY_CANDIDATE:
        return "; ".join(["the only candidate"] + reasons[:REASONS_SHOWN])
    return "; ".join(reasons[:REASONS_SHOWN]) or "the likeliest place of that name"
