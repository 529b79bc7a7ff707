"""What the reading view shows, as escaped HTML and plain data: the marked article, each
place's facts in plain words, its sources, and the labels that tell namesakes apart.

No widgets here (pages/read.py lays them out); every article-derived string goes
through :func:`esc` before it reaches HTML.
"""

from __future__ import annotations

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
    ``<mark>``; a placed name carries its place key in ``data-place``.

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
    out = []
    next_mark = 0   # marks and passages are both in text order: one pass over each
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
        for start, end, key, css in marks[first:next_mark]:
            if start < cursor or end > passage.end:
                continue
            parts.append(_display(result.text[cursor:start]))
            attr = f' data-place="{esc(key)}"' if key is not None else ""
            parts.append(f'<mark class="{css}"{attr}>{esc(result.text[start:end])}</mark>')
            cursor = end
        parts.append(_display(result.text[cursor:passage.end]))
        tag = {"heading": "h3", "caption": "p"}.get(passage.kind, "p")
        cls = ' class="caption"' if passage.kind == "caption" else ""
        out.append(f'<{tag}{cls} data-passage="{passage.index}">{"".join(parts)}</{tag}>')
    return "\n".join(out)


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


def facts_html(rp: ResolvedPlace, country_name: CountryName) -> str:
    """The facts panel of one place: plain words, no scores, sources in a detail."""
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
    return (f"<div class='pa-facts'><h4><span class='pa-swatch' style='background:{swatch}'></span>{esc(rp.name)}</h4>"
            f"<table>{body}</table>{f'<p class=pa-why>{esc(why)}</p>' if why else ''}{others}{sources}</div>")


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
