"""What the reading view shows, as escaped HTML and plain data: the marked article, each
place's facts in plain words, its sources, and the labels that tell namesakes apart.

No widgets here (pages/read.py lays them out); every article-derived string goes
through :func:`esc` before it reaches HTML.
"""

from __future__ import annotations

import bisect
import html
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from geopy.distance import geodesic

from gazetteer.model import Place
from geo.confidence import in_words
from geo.mapview import STYLES, style_group
from geo.model import ParseResult, ResolvedPlace, is_placed_within
from geo.spatial.mapview import DERIVED_COLOUR
from geo.spatial.model import DerivedPlace, derived_key


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# -- the article -----------------------------------------------------------------

_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"#{1,6}\s+")   # used with match(), which anchors at pos


def _display(piece: str) -> str:
    """Text between marks, as a reader sees it: Markdown's link and emphasis syntax
    dropped (offsets are untouched: this is display only), then escaped."""
    return esc(_MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", piece)))


def article_html(result: ParseResult) -> str:
    """The whole article, one element per passage (``data-passage``), every name in a
    ``<mark>``; a placed name carries its place key in ``data-place``. Each description
    of a place ("70 miles north of Kabul") is a ``<mark class="derived">`` holding its
    words whole, the names inside it marked in it; its ``data-place`` is its derived key.

    >>> from geo.model import Mention, Passage
    >>> kabul = ResolvedPlace("gn:1", "Kabul", None, (Mention(3, 8, "Kabul", 0),))
    >>> article_html(ParseResult("In Kabul <b>", (Passage(0, 0, 12),), (kabul,), (), ()))
    '<p data-passage="0">In <mark class="place" data-place="gn:1">Kabul</mark> &lt;b&gt;</p>'
    """
    marks = []
    for group, css in ((result.places, "place"), (result.unresolved, "unresolved"), (result.demonyms, "demonym")):
        for rp in group:
            for m in rp.mentions:
                marks.append((m.start, m.end, rp.key if css == "place" else None, css))
    marks.sort()
    wraps = _description_spans(result, marks)
    out = []
    next_mark = 0   # marks and passages are both in text order: one pass over each
    next_wrap = 0
    for passage in result.passages:
        cursor = passage.start
        if passage.kind == "heading":   # "#### Understand ..." reads as a heading, without the hashes
            heading = _MD_HEADING.match(result.text, passage.start, passage.end)
            cursor = heading.end() if heading else cursor
        parts = []
        while next_mark < len(marks) and marks[next_mark][0] < passage.start:
            next_mark += 1
        first = next_mark
        while next_mark < len(marks) and marks[next_mark][0] < passage.end:
            next_mark += 1
        while next_wrap < len(wraps) and wraps[next_wrap][0] < passage.start:
            next_wrap += 1
        first_wrap = next_wrap
        while next_wrap < len(wraps) and wraps[next_wrap][0] < passage.end:
            next_wrap += 1
        # Tokens in text order; at one offset a description closes before the next
        # opens, and opens before the name that starts it.
        tokens = [(start, 2, end, key, css) for start, end, key, css in marks[first:next_mark]
                  if start >= cursor and end <= passage.end]
        for start, end, key in wraps[first_wrap:next_wrap]:
            if start >= cursor and end <= passage.end:
                tokens += [(start, 1, end, key, "derived"), (end, 0, end, key, "")]
        tokens.sort(key=lambda t: (t[0], t[1]))
        for start, order, end, key, css in tokens:
            if order == 2 and start < cursor:
                continue    # a name overlapping the one before it
            parts.append(_display(result.text[cursor:start]))
            if order == 0:
                parts.append("</mark>")
            elif order == 1:
                parts.append(f'<mark class="derived" data-place="{esc(key)}">')
            else:
                attr = f' data-place="{esc(key)}"' if key is not None else ""
                parts.append(f'<mark class="{css}"{attr}>{esc(result.text[start:end])}</mark>')
            cursor = end if order == 2 else start
        parts.append(_display(result.text[cursor:passage.end]))
        tag = {"heading": "h3", "caption": "p"}.get(passage.kind, "p")
        cls = ' class="caption"' if passage.kind == "caption" else ""
        out.append(f'<{tag}{cls} data-passage="{passage.index}">{"".join(parts)}</{tag}>')
    return "\n".join(out)


def _description_spans(result: ParseResult, marks: list[tuple[int, int, str | None, str]]) -> list[tuple[int, int, str]]:
    """(start, end, derived key) of the descriptions that can be marked whole: none
    overlapping another, none cutting through a name's mark."""
    spans = []
    last_end = -1
    starts = [mark[0] for mark in marks]
    longest = max((mark[1] - mark[0] for mark in marks), default=0)
    for index, item in sorted(enumerate(result.derived), key=lambda pair: pair[1].mention.start):
        start, end = item.mention.start, item.mention.end
        if start < last_end or start >= end:
            continue
        # Only marks starting at most the longest mark's length before can reach in.
        near = marks[bisect.bisect_left(starts, start - longest):bisect.bisect_left(starts, end)]
        if any(s < start < e or s < end < e for s, e, _, _ in near):
            continue
        spans.append((start, end, derived_key(index)))
        last_end = end
    return spans


# -- facts in plain words -----------------------------------------------------------

CountryName = Callable[[str], str]


def _kind(place: Place) -> str:
    return place.feature_type.replace("historical_country", "former country").replace("admin1", "province or state") \
        .replace("admin2", "county or district").replace("_", " ")


def where_words(place: Place, country_name: CountryName) -> str:
    """"valley in Panjshayr, Afghanistan": type, province or state, country.

    >>> where_words(Place("gn:1", "Atlanta", "city", "US", 33.7, -84.4, admin1_name="Georgia"), {"US": "United States"}.get)
    'city in Georgia, United States'
    """
    parts = [p for p in (place.admin1_name, country_name(place.country_code) or place.country_code)
             if p and place.feature_type not in ("country", "continent")]
    return _kind(place) + (" in " + ", ".join(parts) if parts else "")


def sure_words(rp: ResolvedPlace) -> str:
    """How sure the engine is, in words (geo.confidence), or that the user chose it."""
    if rp.corrected:
        return "chosen by you"
    if rp.confidence <= 0:
        return "not estimated"
    return in_words(rp.confidence)


_COUNTRY_CODE_IN_REASON = re.compile(r"\(([A-Z]{2})\)")


def why_sentence(rp: ResolvedPlace, country_name: CountryName) -> str:
    """The engine's reasons as one sentence a reader understands.

    >>> rp = ResolvedPlace("gn:1", "Kabul", None, (), reason="population 4,434,550; in the article's main country (AF)")
    >>> why_sentence(rp, {"AF": "Afghanistan"}.get)
    "Chosen for its population 4,434,550 and because it is in the article's main country (Afghanistan)."
    """
    if rp.corrected:
        return "You chose this place for every mention of the name."
    clues = [c.strip() for c in rp.reason.split(";") if c.strip()]
    if not clues:
        return ""
    words = []
    for clue in clues:
        clue = _COUNTRY_CODE_IN_REASON.sub(lambda m: f"({country_name(m.group(1)) or m.group(1)})", clue)
        if clue.startswith("population"):
            words.append("for its " + clue)
        elif clue.startswith(("in ", "named ", "the ", "a ")):
            words.append("because it is " + clue if clue.startswith("in ") else "because " + _as_clause(clue))
        else:
            words.append("because " + _as_clause(clue))
    sentence = " and ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " and " + words[-1]
    return "Chosen " + sentence + "."


def _as_clause(clue: str) -> str:
    if clue.startswith("the text "):    # "the text puts it 70 miles north of Kabul, and ..."
        return clue
    if clue.startswith("the only candidate"):
        return "it is " + clue
    if clue.startswith("named with"):
        return "the text names it " + clue[len("named "):]
    if clue.startswith(("a ", "the ")):
        return "it is " + clue
    return clue


@dataclass(frozen=True, slots=True)
class SourceRule:
    """A source a place's record cites: shown under this label, linked when possible."""

    label: str
    pattern: re.Pattern[str]
    link: Callable[[re.Match[str], Place], str | None]


def _wikipedia(match: re.Match[str], _place: Place) -> str:
    return "https://en.wikipedia.org/wiki/" + urllib.parse.quote(match.group(1).strip().replace(" ", "_"))


def _geonames(_match: re.Match[str], place: Place) -> str | None:
    return f"https://www.geonames.org/{place.id[3:]}" if place.id.startswith("gn:") else None


# The sources a record's ``source`` text may cite; its working notes (how a point was
# checked, what was written from memory) are not shown to readers.
SOURCE_RULES = (
    SourceRule("GeoNames", re.compile(r"GeoNames"), _geonames),
    SourceRule("Wikipedia", re.compile(r"Wikipedia: ([^(;]+)"), _wikipedia),
    SourceRule("Natural Earth", re.compile(r"Natural Earth"), lambda _m, _p: "https://www.naturalearthdata.com/"),
    SourceRule("World Factbook conventions (countryinfo)", re.compile(r"countryinfo"), lambda _m, _p: None),
    SourceRule("Passage Atlas curated table", re.compile(r"curated table"), lambda _m, _p: None),
)


def sources_of(place: Place) -> list[tuple[str, str | None]]:
    """(label, link) for every source the record cites, working notes left out.

    >>> sources_of(Place("cur:v", "V", "valley", "AF", 35.0, 69.0,
    ...     source="Passage Atlas curated table: Wikipedia: Panjshir Valley (infobox, from memory)"))
    [('Wikipedia: Panjshir Valley', 'https://en.wikipedia.org/wiki/Panjshir_Valley'), ('Passage Atlas curated table', None)]
    """
    found = []
    for rule in SOURCE_RULES:
        match = rule.pattern.search(place.source or "")
        if match is None and not (rule.label == "GeoNames" and place.id.startswith("gn:")):
            continue
        label = f"{rule.label}: {match.group(1).strip()}" if match and match.groups() else rule.label
        found.append((label, rule.link(match, place) if match else _geonames(match, place)))
    return found


def facts_html(rp: ResolvedPlace, country_name: CountryName, *, contradiction: str = "") -> str:
    """The facts panel of one place: plain words, no scores, sources in a detail;
    ``contradiction`` is a description of it the chosen place does not fit, in words."""
    p = rp.place
    assert p is not None
    rows = [("What", where_words(p, country_name)), ("How sure", sure_words(rp))]
    why = why_sentence(rp, country_name)
    if rp.corrected:
        rows.insert(0, ("Status", "corrected by you"))
    elif is_placed_within(p):
        rows.insert(0, ("Status", "approximate: not in the gazetteer, pinned at the place the text puts it in"))
    count = len(rp.mentions)
    rows.append(("Mentions", f"{count} mention{'s' if count != 1 else ''}"))
    rows.append(("Coordinates", f"{p.lat:.4f}, {p.lon:.4f}"))
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    others = ""
    if rp.alternatives:
        names = ", ".join(esc(f"{a.place.name} ({where_words(a.place, country_name)})") for a in rp.alternatives[:3])
        others = f"<p class='pa-others'>Could also be: {names}.</p>"
    items = "".join(
        f"<li><a href='{esc(link)}' target='_blank' rel='noopener noreferrer'>{esc(label)}</a></li>" if link
        else f"<li>{esc(label)}</li>" for label, link in sources_of(p))
    sources = f"<details class='pa-sources'><summary>Sources</summary><ul>{items}</ul></details>" if items else ""
    swatch = STYLES[style_group(p.feature_type)].color
    check = f"<p class='pa-contradiction'>Check this place: {esc(contradiction)}</p>" if contradiction else ""
    return (f"<div class='pa-facts'><h4><span class='pa-swatch' style='background:{swatch}'></span>{esc(rp.name)}</h4>"
            f"<table>{body}</table>{check}{f'<p class=pa-why>{esc(why)}</p>' if why else ''}{others}{sources}</div>")


# How the panel names each kind of description.
RELATION_WORDS = {
    "distance_direction": "a distance and a direction from", "distance": "a distance from",
    "within": "a distance within which it lies from", "direction": "a direction from",
    "part": "a part of", "side": "a side of", "near": "nearness to", "border": "a border of",
    "between": "a place between", "along": "a line along", "road": "a road from",
}


def derived_facts_html(item: DerivedPlace, result: ParseResult, country_name: CountryName) -> str:
    """The facts panel of a place the text describes: its words, its anchor, the
    named place it describes, and how its area was computed, in one sentence.

    >>> from geo.model import Mention
    >>> from geo.spatial.model import Anchor
    >>> kabul = Place("gn:1", "Kabul", "city", "AF", 34.5, 69.2)
    >>> item = DerivedPlace("direction", Mention(0, 13, "north of <b>", 0), (Anchor("gn:1", "Kabul", 9, 14, kabul),),
    ...                     reason="no area")
    >>> "north of &lt;b&gt;" in derived_facts_html(item, ParseResult("", (), (), (), ()), {"AF": "Afghanistan"}.get)
    True
    """
    anchors = "; ".join(f"{a.text} ({where_words(a.place, country_name)})" if a.place else f"{a.text} (not in the gazetteer)"
                        for a in item.anchors)
    rows = [("What", f"a place the text describes by {RELATION_WORDS.get(item.relation, 'reference to')} "
                     f"{item.anchor_names() or 'another place'}"),
            ("Anchor", anchors or "none")]
    named = result.place(item.describes) if item.describes else None
    if named is not None:
        rows.append(("Describes", named.name))
    if item.has_area and item.area_km2 is not None and item.uncertainty_km is not None:
        rows.append(("Area", f"about {item.area_km2:,.0f} km², reaching {item.uncertainty_km:,.0f} km from its centre"))
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    how = item.method if item.has_area else f"Not drawn: {item.reason}"
    return (f"<div class='pa-facts pa-derived-facts'><h4><span class='pa-swatch pa-swatch-area' "
            f"style='border-color:{DERIVED_COLOUR}'></span>{esc(item.mention.text)}</h4>"
            f"<table>{body}</table><p class='pa-why pa-how'>{esc(how)}</p></div>")


# -- namesakes ------------------------------------------------------------------------

def namesake_label(place: Place, country_name: CountryName, *, focus: tuple[float, float] | None) -> str:
    """A label that tells namesakes apart: name, type, state or province, country,
    population and distance from the article's focus.

    >>> ga = Place("gn:4180439", "Atlanta", "city", "US", 33.749, -84.388, population=463878, admin1_name="Georgia")
    >>> namesake_label(ga, {"US": "United States"}.get, focus=(32.0, -83.0))
    'Atlanta · city in Georgia, United States · pop. 463,878 · 233 km from the article’s focus'
    """
    parts = [place.name, where_words(place, country_name)]
    if place.population:
        parts.append(f"pop. {place.population:,}")
    if focus is not None:
        km = geodesic(focus, (place.lat, place.lon)).km
        parts.append(f"{km:,.0f} km from the article’s focus")
    return " · ".join(parts)
