"""People: the document is read once for the people it names, so that "Massoud" after
"Ahmad Massoud" is a man everywhere in it."""

from __future__ import annotations

from gazetteer.fold import GENERIC_WORDS
from geo.recognition.model import Context
from geo.recognition.words import BUILT_PLACE_WORDS, DIRECTIONS, FACILITY_WORDS, STRUCTURE_WORDS


def collect_people(ctx: Context, runs: list[tuple[int, int]]) -> None:
    """Names of people in this document: runs after a title, and runs that start with
    a given name; their last words are people wherever they stand alone later."""
    lex, tokens = ctx.lexicon, ctx.tokens
    for i, j in runs:
        if j > i and tokens[j].key in STRUCTURE_WORDS and ctx.on("named_structure"):
            # A structure's name ("Grand Ethiopian Renaissance Dam") is no person's, even
            # after a title's word; one that starts with a given name is ("Jeremy Weir").
            if tokens[i].key in lex.given_names:
                _add_person(ctx, i, j)
            continue
        # A title inside or just before the run: what follows it is a person.
        for k in range(i, j + 1):
            if tokens[k].key in lex.titles and k < j:
                _add_person(ctx, k + 1, j)
                break
        else:
            if titled(ctx, i, j):
                _add_person(ctx, i, j)
            elif j > i and tokens[i].key in lex.given_names and not ctx.gazetteer.has_name(ctx.span_key(i, j)):
                _add_person(ctx, i, j)
            elif j == i + 1 and _looks_like_full_name(ctx, i, j):
                _add_person(ctx, i, j)


def _looks_like_full_name(ctx: Context, i: int, j: int) -> bool:
    """Two capitalised words that are no name of a place, the first of them no place,
    title, demonym or ordinary word either: "Conor McGregor". Its surname is then a
    person wherever it stands alone ("McGregor said")."""
    first = ctx.tokens[i]
    lex, gaz = ctx.lexicon, ctx.gazetteer
    if first.sentence_start or first.text.isupper() or ctx.tokens[j].text.isupper():
        return False
    if first.key in lex.titles or first.key in lex.org_words or first.key in lex.common_words \
            or first.key in DIRECTIONS or first.key in lex.demonyms or first.key in lex.non_places:
        return False
    return not gaz.has_name(first.key) and not gaz.has_name(ctx.span_key(i, j)) \
        and ctx.tokens[j].key not in GENERIC_WORDS and ctx.tokens[j].key not in FACILITY_WORDS \
        and ctx.tokens[j].key not in lex.org_words \
        and not (ctx.tokens[j].key in STRUCTURE_WORDS and ctx.on("named_structure")) \
        and not (ctx.tokens[j].key in BUILT_PLACE_WORDS and ctx.on("built_place"))


def _add_person(ctx: Context, i: int, j: int) -> None:
    names = [t.key for t in ctx.tokens[i:j + 1] if t.key not in ctx.lexicon.particles]
    if not names or len(names) == 1 and (broad_place_word(ctx, names[0]) or names[0] in ctx.lexicon.common_words):
        return
    ctx.people.add(" ".join(names))
    # The last word stands for the person elsewhere ("Mr. Massoud"), unless it is a word a
    # person's name cannot take away from a country ("Minister Slovenia", "President Russian").
    if not broad_place_word(ctx, names[-1]):
        ctx.people.add(names[-1])


def broad_place_word(ctx: Context, key: str) -> bool:
    """A demonym, or the main name of a country, continent or state: no person's name."""
    if key in ctx.lexicon.demonyms:
        return True
    return any(c.place.feature_type in ("country", "continent", "historical_country", "admin1") and c.is_preferred
               for c in ctx.gazetteer.lookup(key)[:5])


def titled(ctx: Context, i: int, j: int) -> bool:
    """A run right after a title, and not followed by another: "President Obama", but
    not "former Louisville coach" or "former Texas governor", the office's place."""
    if not _after_title(ctx, i):
        return False
    after = ctx.tokens[j + 1] if j + 1 < len(ctx.tokens) else None
    return not (after is not None and after.gap_before == " " and not after.capitalised
                and after.key in ctx.lexicon.titles)


def _after_title(ctx: Context, i: int) -> bool:
    """Right after a title: "Mr. Massoud", "President Biden" (not across other punctuation)."""
    return i > 0 and ctx.tokens[i - 1].key in ctx.lexicon.titles and ctx.tokens[i].gap_before in (" ", ". ")
