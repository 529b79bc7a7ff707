"""Places named in an institution's title after "of": "the University of Georgia", "The
Times of India", "the Bank of England". The place is linked, as the institution's, but
the text does not put anything there, so it stays off the map like "The Denver Post"'s
Denver."""

from __future__ import annotations

import dataclasses

from geo.recognition.model import Context, Recognized

# "The Left Bank of Paris", "the West Bank of Jordan": a river's side, no bank.
RIVER_SIDES = frozenset({"left", "right", "west", "east", "north", "south", "upper", "lower"})
# A newspaper's place says nothing of where its story is ("The Times of India"); other
# institutions work where they are named after ("the University of Idaho", in Idaho).
PUBLICATION_HEADS = frozenset({"times"})
# Heads of titles whose "of" names the institution's place, not where something happens.
# Governments, ministries and embassies are left out: "the Government of India" stands
# for India itself in news ("the Government of India said").
INSTITUTION_HEADS = frozenset({
    "university", "college", "institute", "academy", "school", "bank", "times", "museum", "gallery",
    "church", "cathedral", "basilica", "hospital", "library", "orchestra", "theatre", "theater",
})


def with_institutions_of_places(ctx: Context, found: list[Recognized]) -> list[Recognized]:
    """``found`` with each place that ends an institution's title after "of" marked as
    embedded (rule ``institution_of_place``), and as the institution's own place
    (``affiliated``) unless the institution is a newspaper."""
    if not ctx.on("institution_of_place"):
        return found
    marked = []
    for item in found:
        head = _title_head(ctx, item)
        marked.append(item if head is None else dataclasses.replace(
            item, kind="embedded", qualifier="", affiliated=head not in PUBLICATION_HEADS))
    return marked


def _title_head(ctx: Context, item: Recognized) -> str | None:
    """The head word of the institution's title ``item`` ends ("university"), or None."""
    if item.kind != "toponym":
        return None
    tokens = ctx.tokens
    k = ctx.token_starting_at(item.start)
    if k is None or k < 2:
        return None
    of, head = tokens[k - 1], tokens[k - 2]
    if of.key == "of" and of.gap_before == " " and tokens[k].gap_before == " " \
            and head.capitalised and head.key in INSTITUTION_HEADS \
            and not (head.key == "bank" and k > 2 and tokens[k - 3].key in RIVER_SIDES):
        return head.key
    return None
