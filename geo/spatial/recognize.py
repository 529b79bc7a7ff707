"""Find spatial descriptions around anchors: the words before (and after) each named
place that say where something lies relative to it.

Recognition only reads text; geometry is ``geo.spatial.derive``'s job. A description
needs an anchor the engine found (a ResolvedPlace mention, a demonym for borders, or
"the capital"/"the country" read through the focus country), so "north of 40 per cent"
never fires: 40 per cent is no place. Rules are plain functions in ``RULES``, each
with a name that shows up on the derived place.

Every rule looks at a short window of text that ends where its anchor starts, so the
cost is a few regular-expression matches per anchor, not per word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.spatial.model import Anchor, Distance
from geo.spatial.tables import (BEARINGS, HEDGE_SPREAD, NEAR_KM, NUMBER_WORDS, RELATION_NOUNS_BEFORE_BETWEEN,
                                SPATIAL_CUES_BEFORE_BETWEEN, UNITS_KM, VAGUE_QUANTITIES)

# How far before an anchor a description may start (characters). The longest forms
# ("about 20 km (12 miles) south-southwest of the", 47) fit inside; every character
# more is one more start for each pattern to try.
WINDOW = 72

# -- pieces of the patterns -----------------------------------------------------------


def _alternatives(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_NUMBER_WORD = _alternatives(w for w in NUMBER_WORDS.rows if w not in ("a", "an"))
_SPELLED = rf"(?:(?:a|an)\s+(?:hundred|thousand)|(?:{_NUMBER_WORD}))(?:[\s-]+(?:and\s+)?(?:{_NUMBER_WORD}))*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = rf"(?:{_DIGITS}|(?i:{_SPELLED}))"
_UNIT = rf"(?i:{_alternatives(UNITS_KM.rows)})"
_HEDGE = rf"(?i:{_alternatives(HEDGE_SPREAD.rows)})"
_VAGUE = rf"(?i:{_alternatives(VAGUE_QUANTITIES.rows)})"
_RANGE_JOIN = r"\s*(?:-|\u2013|\u2014|(?i:to|or|and))\s*"
_QUANTITY = (rf"(?:(?P<hedge>{_HEDGE})\s+)?"
             rf"(?:(?P<vague>{_VAGUE})|(?P<n1>{_NUMBER})(?:{_RANGE_JOIN}(?P<n2>{_NUMBER}))?)"
             rf"(?:\s*|-)(?P<unit>{_UNIT})\b"
             rf"(?:\s*\((?:{_HEDGE}\s+)?{_NUMBER}\s*{_UNIT}\))?")
_COMPASS_WORD = r"(?:north|south|east|west)"
_DIRECTION = (rf"(?P<dir>(?i:{_COMPASS_WORD}(?:[\s-]?{_COMPASS_WORD}){{0,2}})"
              r"|\b(?:NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|SE|SW|NW|N|E|S|W)\b)")
_ADJECTIVE = (r"(?P<adj>(?i:(?:(?:north|south)[\s-]?)?(?:north|south|east|west)ern|central|mid"
              r"|(?:north|south|east|west)[\s-]central))")
_THE = r"(?:the\s+)?"
_END = r"\s+" + _THE + r"\Z"

# Words between a named place and a description that make the description its
# ("Bagram, a town 60 km north of Kabul", "Andarab, on the north side of").
_DESCRIBED_GAP = re.compile(
    r"\A\s*(?:,|\(|\u2014|\u2013|-)?\s*(?:(?:which|that)\s+(?:is|lies|sits|was)\s+|(?:is|lies|sits|was)\s+"
    r"|(?:located|situated|lying|some|about)\s+"
    r"|(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|valley|district|province|region|base|area|camp"
    r"|settlement|hamlet|port|crossing|airport|airbase|suburb|county|state|oasis|spot|site|resort)"
    r"(?:\s+(?:that|which)\s+(?:is|lies|sits))?\s+)?\Z", re.IGNORECASE)

_SENTENCE_END = frozenset(".!?\n\"\u201c\u201d(")


@dataclass(frozen=True, slots=True)
class Description:
    """What a rule read: the words, the relation and its parameters, before geometry."""

    rule: str
    relation: str
    start: int
    end: int
    anchors: tuple[Anchor, ...]
    distance: Distance | None = None
    bearing_deg: float | None = None
    direction_words: int = 0        # 1 for "north", 2 for "north-east", 3 for "north-northeast"
    word: str = ""                  # the relation word ("near", "outside", "across") as written, folded
    modifier: str = ""              # "just", "far", "halfway", "central" ...

    @property
    def anchor_one(self) -> Anchor:
        return self.anchors[0]


# -- reading numbers and directions ---------------------------------------------------


def spelled_number(words: str) -> float | None:
    """The value of a spelled-out number, or None.

    >>> spelled_number("seventy"), spelled_number("two hundred and fifty"), spelled_number("forty-five")
    (70.0, 250.0, 45.0)
    >>> spelled_number("a hundred"), spelled_number("fish") is None
    (100.0, True)
    """
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower().strip()):
        if word == "and" or not word:
            continue
        value = NUMBER_WORDS.get(word)
        if value is None:
            return None
        seen = True
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += value
    return float(total + current) if seen else None


def read_number(text: str) -> tuple[float, float] | None:
    """A number as written and its rounding step ("70" -> (70, 10); "12" -> (12, 1)).

    >>> read_number("70"), read_number("1,200"), read_number("2.5"), read_number("seventy")
    ((70.0, 10.0), (1200.0, 100.0), (2.5, 0.1), (70.0, 10.0))
    """
    text = text.strip()
    if text and text[0].isdigit():
        value = float(text.replace(",", ""))
        if "." in text:
            return value, 10.0 ** -len(text.split(".", 1)[1])
        digits = text.replace(",", "")
        zeros = len(digits) - len(digits.rstrip("0"))
        return value, 10.0 ** min(zeros, len(digits) - 1) if value else 1.0
    value = spelled_number(text)
    if value is None:
        return None
    step = 10.0 if value >= 20 and value % 10 == 0 else 1.0
    return value, step


def read_distance(match: re.Match) -> Distance | None:
    """The Distance a _QUANTITY match states, or None when its numbers are unreadable."""
    unit = re.sub(r"\s+", " ", match.group("unit").lower())
    factor = UNITS_KM.get(unit)
    if factor is None:
        return None
    hedge = re.sub(r"\s+", " ", (match.group("hedge") or "").lower())
    spread = HEDGE_SPREAD.get(hedge, 0.0) if hedge else 0.0
    if match.group("vague"):
        low, high = VAGUE_QUANTITIES[re.sub(r"\s+", " ", match.group("vague").lower())]
        step = 0.0
    else:
        first = read_number(match.group("n1"))
        second = read_number(match.group("n2")) if match.group("n2") else None
        if first is None or (match.group("n2") and second is None):
            return None
        low, step = first
        high = second[0] if second else low
        low, high = min(low, high), max(low, high)
    # Rounding: "70 miles" means 65 to 75; as a share of the distance it joins the hedge.
    if high > 0 and step:
        spread = max(spread, step / 2 / high)
    text = match.group(0)
    return Distance(text=text, unit=unit, low_km=low * factor, high_km=high * factor, spread=spread)


def read_direction(text: str) -> tuple[float, int] | None:
    """Bearing and number of compass words of a direction as written, or None.

    >>> read_direction("north-northeast"), read_direction("NW"), read_direction("east west")
    ((22.5, 3), (315.0, 2), None)
    """
    if text.isupper() and len(text) <= 3:
        bearing = BEARINGS.get(text)
        return (bearing, len(text)) if bearing is not None else None
    key = re.sub(r"[\s-]+", "", text.lower())
    bearing = BEARINGS.get(key)
    if bearing is None:
        return None
    return bearing, len(re.findall(r"north|south|east|west", key))


def read_adjective(text: str) -> tuple[float | None, int] | None:
    """Bearing of a direction adjective ('north-eastern' -> 45); (None, 0) for 'central'
    and its British 'mid' ('mid Wales')."""
    key = re.sub(r"[\s-]+", "", text.lower())
    if key in ("central", "mid"):
        return None, 0
    if key.endswith("central"):
        found = read_direction(key[: -len("central")])
        return (found[0], 1) if found else None
    return read_direction(key[:-3]) if key.endswith("ern") else None


# -- rule helpers ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule sees: the text, every anchor in order, and the one it is asked about."""

    text: str
    anchors: tuple[Anchor, ...]
    index: int

    @property
    def anchor(self) -> Anchor:
        return self.anchors[self.index]

    def window(self) -> tuple[str, int]:
        """Text before the anchor back to the line start or WINDOW characters, and its offset."""
        start = max(0, self.anchor.start - WINDOW)
        newline = self.text.rfind("\n", start, self.anchor.start)
        if newline >= 0:
            start = newline + 1
        return self.text[start:self.anchor.start], start

    def next_anchor(self, *, after: int, gap: str) -> Anchor | None:
        """The next anchor when the text between ``after`` and it matches ``gap`` fully."""
        for index in range(self.index + 1, len(self.anchors)):     # indices: a slice would copy
            other = self.anchors[index]
            if other.start < after:
                continue
            return other if re.fullmatch(gap, self.text[after:other.start]) else None
        return None

    def previous_anchor(self, *, before: int, gap: str) -> Anchor | None:
        for index in range(self.index - 1, -1, -1):
            other = self.anchors[index]
            if other.end > before:
                continue
            return other if re.fullmatch(gap, self.text[other.end:before]) else None
        return None


def _mid_sentence_capital(text: str, position: int) -> bool:
    """True when the word at ``position`` is capitalised but does not start a sentence:
    "the North of England" is a region's name, not a direction."""
    if not text[position:position + 1].isupper():
        return False
    before = text[:position].rstrip(" \t")
    return bool(before) and before[-1] not in _SENTENCE_END


def _is_area(anchor: Anchor) -> bool:
    place = anchor.place
    return anchor.kind in ("country", "demonym") or (
        place is not None and place.feature_type in ("country", "historical_country", "continent"))


def _is_border_side(anchor: Anchor) -> bool:
    """A place a border runs round: a country, or a state or province ("near the Colorado
    border", "the Ontario-Quebec border")."""
    return _is_area(anchor) or (anchor.place is not None and anchor.place.feature_type == "admin1")


Rule = Callable[[Context], "Description | None"]


def _search(pattern: re.Pattern, context: Context) -> tuple[re.Match, int] | None:
    window, offset = context.window()
    match = pattern.search(window)
    return (match, offset) if match else None


# -- the rules, most specific first ---------------------------------------------------

_DISTANCE_DIRECTION = re.compile(
    rf"(?<![\w,.])(?:(?P<lead>(?i:about|some|roughly|around|nearly|approximately|just|only|barely)\s+))?"
    rf"{_QUANTITY}\s+(?:(?P<mod>(?i:due|almost|roughly|nearly|slightly|just))\s+)?(?:(?i:to\s+the)\s+)?"
    rf"{_DIRECTION}(?:ward)?\s+(?i:of|from){_END}")


def distance_direction(context: Context) -> Description | None:
    """'70 miles north of Kabul', 'about 20 km (12 miles) southwest of Mosul', 'sixty to
    seventy kilometres north-northeast of the capital'."""
    found = _search(_DISTANCE_DIRECTION, context)
    if not found:
        return None
    match, offset = found
    distance = read_distance(match)
    direction = read_direction(match.group("dir"))
    if distance is None or direction is None:
        return None
    if match.group("lead") and not match.group("hedge"):
        hedge = HEDGE_SPREAD.get(match.group("lead").strip().lower(), 0.0)
        distance = Distance(distance.text, distance.unit, distance.low_km, distance.high_km,
                            max(distance.spread, hedge))
    return Description("distance_direction", "distance_direction", offset + match.start(), context.anchor.end,
                       (context.anchor,), distance=distance, bearing_deg=direction[0],
                       direction_words=direction[1])


_WITHIN = re.compile(rf"(?<![\w])(?i:within|inside)\s+(?:(?i:a\s+radius\s+of)\s+)?{_QUANTITY}\s+(?i:of|from){_END}")


def within(context: Context) -> Description | None:
    """'within 50 km of Mosul'."""
    found = _search(_WITHIN, context)
    if not found:
        return None
    match, offset = found
    distance = read_distance(match)
    if distance is None:
        return None
    return Description("within", "within", offset + match.start(), context.anchor.end, (context.anchor,),
                       distance=distance)


_DISTANCE_ONLY = re.compile(
    rf"(?<![\w,.])(?:(?P<lead>(?i:about|some|roughly|around|nearly|approximately|only))\s+)?{_QUANTITY}"
    rf"\s+(?:(?i:away\s+)?(?i:from)|(?i:outside)|(?i:by\s+road\s+from)|(?i:\(\s*by\s+road\s*\)\s+from)){_END}")


def distance_only(context: Context) -> Description | None:
    """'some 300 kilometres from the capital', '40 km outside Aleppo'."""
    found = _search(_DISTANCE_ONLY, context)
    if not found:
        return None
    match, offset = found
    distance = read_distance(match)
    if distance is None:
        return None
    if match.group("lead") and not match.group("hedge"):
        hedge = HEDGE_SPREAD.get(match.group("lead").lower(), 0.0)
        distance = Distance(distance.text, distance.unit, distance.low_km, distance.high_km,
                            max(distance.spread, hedge))
    return Description("distance_only", "distance", offset + match.start(), context.anchor.end,
                       (context.anchor,), distance=distance)


_BORDER_BEFORE = re.compile(
    r"(?<![\w])(?:(?P<lead>(?i:near|on|at|along|across|over|to|from|close\s+to|towards?|by|straddling|crossed"
    r"|crossing|cross|beyond|off|inside|into|onto))\s+)?"
    r"(?:(?i:the|its|their|a|this|that)\s+)?(?:(?i:porous|long|shared|mountainous|rugged|common|main|northern|southern"
    r"|eastern|western|disputed|remote|mountain)\s+)?(?P<border>(?i:border|frontier))s?\s+"
    r"(?P<prep>(?i:with|to|into|in|from|of|between))" + _END)


def border_before(context: Context) -> Description | None:
    """'near the border with Pakistan', 'across the border to Tajikistan', 'the border
    between Turkey and Syria', "Pakistan's border with Afghanistan"."""
    if not _is_border_side(context.anchor):
        return None
    found = _search(_BORDER_BEFORE, context)
    if not found:
        return None
    match, offset = found
    start, end = offset + match.start(), context.anchor.end
    prep = match.group("prep").lower()
    anchors: tuple[Anchor, ...] = (context.anchor,)
    if prep == "between":
        other = context.next_anchor(after=context.anchor.end, gap=r"\s+and\s+(?:the\s+)?")
        if other is None or not _is_border_side(other):
            return None
        anchors, end = (context.anchor, other), other.end
    else:
        # "Pakistan's border with Afghanistan": the possessive country is the other side.
        owner = context.previous_anchor(before=offset + match.start("border"),
                                        gap=r"(?:'s|\u2019s|')\s+(?:\w+\s+)?")
        if owner is not None and _is_border_side(owner) and offset + match.start() >= owner.end:
            anchors, start = (context.anchor, owner), owner.start
    if match.group("lead") is None and prep in ("to", "into", "from", "of"):
        return None     # "the border of" a country without a relation word is only a line named
    lead = (match.group("lead") or "on").lower().split()[0]
    return Description("border_before", "border", start, end, anchors, word=lead,
                       modifier="in" if prep in ("in", "into") else "")


_NAMED_BORDER_AFTER = re.compile(
    r"\A(?:(?P<dash>\s*[-\u2013/]\s*)|\s+)(?P<border>border|frontier)s?(?P<area>\s+(?:area|region|zone|town|city"
    r"|village|crossing))?\b(?!\s+(?:patrol|police|guards?|force|forces|agents?|officials?|officers?|troops"
    r"|authorities|agency|protection|policy|policies|tax|taxes|controls?|checks?|security|dispute|row|issue"
    r"|deal|agreement|talks|war|conflict|wall|fence|closure|closures|management|commission))")
_BORDER_LEAD = re.compile(
    r"(?<![\w])(?P<lead>(?i:near|on|at|along|across|over|to|from|close\s+to|towards?|by|straddling|crossed"
    r"|crossing|cross|beyond|inside|into|onto|off))\s+(?:the\s+|its\s+|their\s+)?(?:(?i:porous|long|shared"
    r"|mountainous|rugged|common|disputed|remote)\s+)?\Z")


def border_named(context: Context) -> Description | None:
    """'on the Afghan-Pakistani border', 'the Afghanistan-Pakistan border', 'near the
    Syrian border' (the other side is then the article's own country)."""
    anchor = context.anchor
    if not _is_border_side(anchor):
        return None
    # Only the first of a pair starts the description.
    after = context.text[anchor.end:anchor.end + 40]
    anchors: tuple[Anchor, ...] = (anchor,)
    end = anchor.end
    pair = context.next_anchor(after=anchor.end, gap=r"\s*[-\u2013/]\s*")
    if pair is not None and _is_border_side(pair):
        anchors, end = (anchor, pair), pair.end
        after = context.text[pair.end:pair.end + 40]
    match = _NAMED_BORDER_AFTER.match(after)
    if not match or match.group("dash"):
        return None
    finish = end + match.end()
    if len(anchors) == 1:
        # "the U.S. border with Mexico": the other side follows.
        other = context.next_anchor(after=finish, gap=r"\s+(?i:with)\s+(?:the\s+)?")
        if other is not None and _is_border_side(other):
            anchors, finish = (anchor, other), other.end
    window, offset = context.window()
    lead = _BORDER_LEAD.search(window)
    if lead is None and len(anchors) == 1:
        return None     # "Syrian border guards", "the Syrian border was closed": no place said
    start = offset + lead.start() if lead else anchor.start
    word = lead.group("lead").lower().split()[0] if lead else "on"
    return Description("border_named", "border", start, finish, anchors, word=word)


_BETWEEN = re.compile(r"(?<![\w])(?:(?P<mod>(?i:halfway|midway|somewhere|half-way|mid-way))\s+)?(?i:between)" + _END)


def between(context: Context) -> Description | None:
    """'between Kabul and Jalalabad' when the words before make it a place: a road, an
    area, a verb of lying, or two towns with no relation word ('talks between')."""
    found = _search(_BETWEEN, context)
    if not found:
        return None
    match, offset = found
    other = context.next_anchor(after=context.anchor.end, gap=r"\s+and\s+(?:the\s+)?")
    if other is None:
        return None
    before = re.findall(r"[\w'-]+", context.text[max(0, offset + match.start() - 40):offset + match.start()].lower())
    last = before[-3:]
    if any(word in RELATION_NOUNS_BEFORE_BETWEEN for word in last):
        return None
    cued = bool(match.group("mod")) or any(word in SPATIAL_CUES_BEFORE_BETWEEN for word in last)
    if not cued and (_is_area(context.anchor) or _is_area(other)):
        return None
    if "border" in last or "frontier" in last:
        return None     # the border rule reads it
    return Description("between", "between", offset + match.start(), other.end, (context.anchor, other),
                       modifier=(match.group("mod") or "").lower().replace("-", ""))


_ROAD = re.compile(
    r"(?<![\w])(?:(?i:the|a)\s+)?(?:(?i:main|critical|key|strategic|vital|only|busy|major)\s+)?"
    r"(?i:highway|road|motorway|route|expressway|railway|supply\s+route)s?\s+(?:(?i:that|which)\s+)?"
    r"(?i:from|linking|connecting|links|connects|between|joining|joins|leading\s+from|running\s+from|runs\s+from)"
    + _END)
# Used with match(text, pos): no \A, which would only match at the text's start.
_ROAD_TO_DIRECTION = re.compile(rf"\s+(?i:to|with|towards?)\s+the\s+{_DIRECTION}\b")


def road(context: Context) -> Description | None:
    """'on the highway from Kabul to Jalalabad', 'a highway that links the capital to
    the north', 'on the Kabul-Jalalabad highway'."""
    found = _search(_ROAD, context)
    if found:
        match, offset = found
        if context.text[max(0, offset + match.start() - 3):offset + match.start()].lower() == "en ":
            return None     # "en route from Kuala Lumpur to Beijing" is a journey, not a road
        other = context.next_anchor(after=context.anchor.end, gap=r"\s+(?i:to|and|with)\s+(?:the\s+)?")
        if other is not None and not _is_area(other):
            return Description("road", "road", offset + match.start(), other.end, (context.anchor, other))
        toward = _ROAD_TO_DIRECTION.match(context.text, context.anchor.end)
        if toward:
            direction = read_direction(toward.group("dir"))
            if direction:
                return Description("road", "road", offset + match.start(), toward.end(), (context.anchor,),
                                   bearing_deg=direction[0], direction_words=direction[1])
        return None
    pair = context.next_anchor(after=context.anchor.end, gap=r"\s*[-\u2013]\s*")
    if pair is None or _is_area(context.anchor) or _is_area(pair):
        return None
    after = re.match(r"\A\s+(?:highway|road|motorway|expressway|railway)\b", context.text[pair.end:pair.end + 20])
    if not after:
        return None
    return Description("road", "road", context.anchor.start, pair.end + after.end(), (context.anchor, pair))


_ALONG = re.compile(
    r"(?<![\w])(?P<word>(?i:along|alongside|on|beside|by|near|across|up|down|astride|straddling))\s+"
    r"(?:the\s+)?(?:(?i:banks?|shores?|bank|edge)\s+of\s+)?(?:the\s+)?\Z")


def along(context: Context) -> Description | None:
    """'along the Kabul River', 'on the banks of the Tigris', 'near the Euphrates'."""
    place = context.anchor.place
    if place is None or place.feature_type != "river":
        return None
    found = _search(_ALONG, context)
    if not found:
        return None
    match, offset = found
    return Description("along", "along", offset + match.start(), context.anchor.end, (context.anchor,),
                       word=match.group("word").lower())


_PART = re.compile(
    r"(?<![\w])(?:(?P<prep>(?i:in|across|throughout|of|from|to|into|for))\s+)?(?i:the)\s+"
    r"(?:(?P<far>(?i:far|extreme|deep|remote))\s+)?(?P<dir>(?i:north|south|east|west)(?:[\s-]?(?i:east|west))?"
    r"|(?i:centre|center))\s+(?i:of)" + _END)
_ADJECTIVE_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?P<far>(?i:far|extreme|deep))[\s-]+)?{_ADJECTIVE}(?:\s+|(?<=[Mm]id)-)\Z")


def part(context: Context) -> Description | None:
    """'northern Afghanistan', 'in the west of the country', 'the far north of Syria',
    'central Kabul'; a capitalised direction mid-sentence ('the North of England') is a
    region's name and does not fire."""
    found = _search(_PART, context)
    if found:
        match, offset = found
        if _mid_sentence_capital(context.text, offset + match.start("dir")):
            return None
        word = match.group("dir").lower()
        if word in ("centre", "center"):
            bearing, words = None, 0
        else:
            direction = read_direction(word)
            if direction is None:
                return None
            bearing, words = direction
        return Description("part", "part", offset + match.start(), context.anchor.end, (context.anchor,),
                           bearing_deg=bearing, direction_words=words,
                           modifier="far" if match.group("far") else "")
    window, offset = context.window()
    match = _ADJECTIVE_BEFORE.search(window)
    if not match or _mid_sentence_capital(context.text, offset + match.start("adj")):
        return None
    adjective = read_adjective(match.group("adj"))
    if adjective is None:
        return None
    return Description("part", "part", offset + match.start(), context.anchor.end, (context.anchor,),
                       bearing_deg=adjective[0], direction_words=adjective[1],
                       modifier="far" if match.group("far") else ("central" if adjective[0] is None else ""))


_SIDE = re.compile(
    rf"(?<![\w])(?:(?i:on|at|from|to|in)\s+)?(?i:the)\s+(?:(?P<dir>(?i:north|south|east|west)(?:[\s-]?(?i:east|west))?)"
    rf"|{_ADJECTIVE})\s+(?P<noun>(?i:side|edge|outskirts|fringes?|suburbs|approaches|end|flank|bank|shore|slopes?"
    rf"|entrance|mouth|half|part|parts|districts|neighbou?rhoods))\s+(?i:of)" + _END)


def side(context: Context) -> Description | None:
    """'on the western side of Kabul', 'on the north side of the Salang tunnel', 'the
    southern outskirts of Aleppo'."""
    found = _search(_SIDE, context)
    if not found:
        return None
    match, offset = found
    written = match.group("dir") or match.group("adj")
    position = offset + (match.start("dir") if match.group("dir") else match.start("adj"))
    if _mid_sentence_capital(context.text, position):
        return None
    direction = read_direction(written) if match.group("dir") else read_adjective(written)
    if direction is None or direction[0] is None:
        return None
    noun = match.group("noun").lower()
    relation = "part" if _is_area(context.anchor) and noun in ("side", "part", "half", "parts") else "side"
    return Description("side", relation, offset + match.start(), context.anchor.end, (context.anchor,),
                       bearing_deg=direction[0], direction_words=direction[1], word=noun)


_DIRECTION_ALONE = re.compile(
    rf"(?<![\w-])(?:(?P<mod>(?i:just|due|far|further|immediately|directly|slightly|a\s+little|well|deep|farther))\s+)?"
    rf"(?:(?i:to\s+the)\s+)?{_DIRECTION}(?:ward)?\s+(?i:of|from){_END}")


def direction_alone(context: Context) -> Description | None:
    """'north of Kabul', 'just south of Homs', 'to the north-east of the capital'."""
    found = _search(_DIRECTION_ALONE, context)
    if not found:
        return None
    match, offset = found
    written = match.group("dir")
    if not written.isupper() and _mid_sentence_capital(context.text, offset + match.start("dir")):
        return None
    if written.isupper() and len(written) == 1:
        return None     # a lone capital letter before "of" is an initial more often than a bearing
    direction = read_direction(written)
    if direction is None:
        return None
    modifier = (match.group("mod") or "").lower()
    modifier = "just" if modifier in ("just", "immediately", "slightly", "a little") else (
        "far" if modifier in ("far", "well", "deep", "further", "farther") else "")
    return Description("direction_alone", "direction", offset + match.start(), context.anchor.end,
                       (context.anchor,), bearing_deg=direction[0], direction_words=direction[1],
                       modifier=modifier)


_NEAR = re.compile(
    rf"(?<![\w])(?P<word>(?i:{_alternatives(w for w in NEAR_KM.rows if w != 'near_area')}))" + _END)


def near(context: Context) -> Description | None:
    """'near Kandahar', 'outside Aleppo', 'on the outskirts of Kabul', 'a suburb of
    Paris'. 'Outside' a country means abroad, and 'around' a country is too vague: those
    do not fire."""
    found = _search(_NEAR, context)
    if not found:
        return None
    match, offset = found
    word = re.sub(r"\s+", " ", match.group("word").lower())
    if _is_area(context.anchor) and word in ("outside", "just outside", "around", "nearby", "a suburb of",
                                              "in the suburbs of", "on the outskirts of", "in the outskirts of"):
        return None
    if word == "around" and context.text[offset + match.start() - 1: offset + match.start()].isdigit():
        return None
    return Description("near", "near", offset + match.start(), context.anchor.end, (context.anchor,), word=word)


# Border and distance rules come first: "near the border with Pakistan" is a border,
# not "near"; "20 km north of" is not "north of".
RULES: tuple[Rule, ...] = (distance_direction, within, distance_only, border_before, border_named, between,
                           road, along, side, part, direction_alone, near)

# Rules that read a demonym ("the Afghan-Pakistani border") as an anchor; others need a name.
DEMONYM_RULES: tuple[Rule, ...] = (border_named,)


# The word right before an anchor (after "the") decides which rules can apply at all;
# most anchors ("in Paris", "to Moscow") need one match or none. Forward rules read
# what follows the anchor ("-Pakistani border", " border").
# The last word before an anchor (skipping "the"), as the forward pattern that defines
# it; _last_word reads the same backwards, one match instead of a search that tries
# every start in the window (a test holds the two equal).
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*(?:the\s+)?\Z")
_LAST_WORD_BACKWARDS = re.compile(r"(?P<the>\s+eht)?(?P<gap>\W*)(?P<word>[A-Za-z]+)")
_RULES_BY_LAST_WORD: dict[str, tuple[Rule, ...]] = {
    "of": (distance_direction, within, border_before, along, side, part, direction_alone, near),
    "from": (distance_direction, within, distance_only, border_before, road, direction_alone, near),
    "to": (border_before, near),
    "with": (border_before,), "in": (border_before,), "into": (border_before,),
    "between": (border_before, between),
    **{word: (distance_only, near, along) for word in ("near", "nearby", "around", "outside")},
    **{word: (along,) for word in ("along", "alongside", "beside", "by", "on", "across", "up", "down", "astride",
                                   "straddling")},
    **{word: (road,) for word in ("linking", "connecting", "links", "connects", "joining", "joins")},
    "central": (part,), "mid": (part,),
}
_FOLLOWED_BY = re.compile(r"\A(?:\s*[-\u2013/]|\s+(?:border|frontier))")


_COMPASS_HINTS = ("north", "south", "east", "west")
_UNIT_HINTS = ("mile", "km", "kilomet", "metre", "meter", "yard", " mi")
# Words a rule's pattern cannot match without (lower case): a substring test is far
# cheaper than a failing search, and most windows fail.
_RULE_HINTS: dict[Rule, tuple[str, ...]] = {
    distance_direction: _UNIT_HINTS, within: _UNIT_HINTS, distance_only: _UNIT_HINTS,
    border_before: ("border", "frontier"), between: ("between",),
    road: ("highway", "road", "motorway", "route", "expressway", "railway"),
    side: _COMPASS_HINTS + ("central",), part: _COMPASS_HINTS + ("central", "centre", "center", "mid"),
    along: ("along", "beside", " by ", " on ", "near", "across", " up ", "down", "astride", "straddling", "bank",
            "shore", "edge"),
}


# Each rule's hints as one pattern: a search for any of them costs one call.
_HINT_PATTERNS: dict[Rule, re.Pattern] = {
    rule: re.compile("|".join(re.escape(h) for h in hints)) for rule, hints in _RULE_HINTS.items()}
_COMPASS_HINT = re.compile("|".join(_COMPASS_HINTS))
_COMPASS_LETTERS_OF = re.compile(r"\b[NSEW]{2,3}\s+of\s")


def _last_word(text: str, start: int, end: int) -> str | None:
    """What ``_LAST_WORD.search(text, start, end)`` reads as the last word before
    ``end`` (skipping a final "the"), or None, read backwards from ``end``.

    >>> _last_word("fighters north of the ", 0, 22), _last_word("ships soothe ", 0, 13), _last_word("5 the ", 0, 6)
    ('of', 'soothe', 'the')
    """
    found = _LAST_WORD_BACKWARDS.match(text[start:end][::-1])
    if found is None:
        return None
    word = found.group("word")[::-1]
    # "soothe ": the letters run on into "the", which the forward pattern keeps whole.
    return word + "the" if found.group("the") and not found.group("gap") else word


def _rules_for(text: str, anchor: Anchor) -> tuple[Rule, ...]:
    forward = bool(_FOLLOWED_BY.match(text[anchor.end:anchor.end + 12]))
    if anchor.kind == "demonym":
        return DEMONYM_RULES if forward else ()
    word = _last_word(text, max(0, anchor.start - 24), anchor.start)
    rules: tuple[Rule, ...] = ()
    if word:
        word = word.lower()
        rules = _RULES_BY_LAST_WORD.get(word, (part,) if word.endswith("ern") else ())
    if rules:
        low = " " + text[max(0, anchor.start - WINDOW):anchor.start].lower()
        rules = tuple(rule for rule in rules if rule not in _HINT_PATTERNS or _HINT_PATTERNS[rule].search(low))
        if direction_alone in rules and not _COMPASS_HINT.search(low) and not _COMPASS_LETTERS_OF.search(
                text[max(0, anchor.start - 12):anchor.start]):
            rules = tuple(rule for rule in rules if rule is not direction_alone)
    if not forward:
        return rules
    # "near the Colorado border" is a border before it is "near Colorado".
    return (border_named,) + rules + (road,)


def find_descriptions(text: str, anchors: Sequence[Anchor], *,
                      rules_seen: dict[tuple[int, int, str], tuple[Rule, ...]] | None = None) -> list[Description]:
    """Every description around the anchors, without overlaps, in text order.

    ``rules_seen`` keeps, by anchor (start, end, kind), the rules the words around it
    admit, which read only ``text``: a parse that looks for descriptions twice over the
    same text (the resolver, then the spatial stage) reads them once.

    >>> from gazetteer.model import Place
    >>> kabul = Place("gn:1138958", "Kabul", "city", "AF", 34.53, 69.17)
    >>> text = "The valley lies 70 miles north of Kabul."
    >>> [d.relation for d in find_descriptions(text, [Anchor("gn:1138958", "Kabul", 34, 39, kabul)])]
    ['distance_direction']
    """
    ordered = tuple(sorted(anchors, key=lambda a: (a.start, a.end)))
    found: list[Description] = []
    for index, anchor in enumerate(ordered):
        if rules_seen is None:
            rules = _rules_for(text, anchor)
        else:
            span = (anchor.start, anchor.end, anchor.kind)
            rules = rules_seen.get(span)
            if rules is None:
                rules = rules_seen[span] = _rules_for(text, anchor)
        if not rules:
            continue
        context = Context(text, ordered, index)
        for rule in rules:
            description = rule(context)
            if description is not None:
                found.append(description)
                break
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[Description] = []
    for description in found:
        if kept and description.start < kept[-1].end:
            continue    # the earlier (and, at the same start, longer) description holds these words
        if _is_quoted_title(text, description):
            continue
        kept.append(description)
    return kept


_OPENING_QUOTES = frozenset('"\u201c\u2018\'')
_CLOSING_QUOTES = frozenset('"\u201d\u2019\'')


def _is_quoted_title(text: str, description: Description) -> bool:
    """A description that is all of a quotation and starts with a capital is a title:
    the song "East of Eden", the film "North by Northwest"."""
    return (text[description.start - 1:description.start] in _OPENING_QUOTES
            and text[description.end:description.end + 1] in _CLOSING_QUOTES | {","}
            and text[description.start:description.start + 1].isupper())


@dataclass(frozen=True, slots=True)
class NamedSpans:
    """Named places as (start, end, key), sorted by end, with the ends for bisecting."""

    spans: tuple[tuple[int, int, str], ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, spans) -> NamedSpans:
        ordered = tuple(sorted(spans, key=lambda span: span[1]))
        return cls(ordered, tuple(span[1] for span in ordered))

    def __getitem__(self, index: int) -> tuple[int, int, str]:
        return self.spans[index]


def described_before(text: str, description: Description, names: NamedSpans,
                     taken: Sequence[Description] = (), taken_starts: Sequence[int] | None = None) -> str:
    """The key of the named place this description follows directly ("Andarab, on the
    north side of the Salang tunnel" describes Andarab), else "".

    ``names`` are the named places; ``taken`` are the
    text's descriptions in order, whose anchors describe nothing (``taken_starts``
    their starts, when the caller asks for many).
    """
    anchor_keys = {a.key for a in description.anchors}
    best = None
    ends = names.ends
    # Names sorted by end: the candidates end within 60 characters before the description.
    for index in range(bisect.bisect_right(ends, description.start) - 1, -1, -1):
        start, end, key = names[index]
        if description.start - end > 60:
            break
        if key not in anchor_keys:
            best = (start, end, key)
            break
    if best is None:
        return ""
    starts = taken_starts if taken_starts is not None else [other.start for other in taken]
    holder = bisect.bisect_right(starts, best[0]) - 1
    if holder >= 0 and taken[holder].end >= best[1]:
        return ""       # an anchor of the description just before: "north of Raqqa, between Homs and Hama"
    gap = text[best[1]:description.start]
    if "\n" in gap or not _DESCRIBED_GAP.match(gap):
        return ""
    return best[2]
