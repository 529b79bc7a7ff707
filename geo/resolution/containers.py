"""Containers: the units a qualifier names ("Paris, Texas"), what lies inside them, and
places the gazetteer lacks pinned at the unit the text says holds them."""

from __future__ import annotations

from gazetteer.distance import place_distance_km
from gazetteer.fold import fold
from gazetteer.kinds import BROAD_TYPES, CONTAINER_TYPES
from gazetteer.model import FEATURE_TYPES, Candidate, Place
from gazetteer.store import Gazetteer
from geo.model import WITHIN_PREFIX
from geo.resolution import weights as w
from geo.resolution.evidence import Scored
from geo.resolution.groups import Group

# Units small enough that their point is a fair pin for a place inside them that the
# gazetteer lacks.
FALLBACK_CONTAINERS = ("admin1", "admin2")


class Qualifiers:
    """Looks up what a qualifier may stand for, once per article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._places: dict[str, list[Candidate]] = {}
        self._qualifies: dict[tuple[str, str], bool] = {}

    def places(self, key: str) -> list[Candidate]:
        if key not in self._places:
            self._places[key] = self.gazetteer.lookup(key)[:w.MAX_CANDIDATES]
        return self._places[key]

    def qualifies(self, qualifier: str, place: Place) -> bool:
        """Whether some place called ``qualifier`` holds ``place``: a country or state by
        its codes, a region, historical country or county by nearness."""
        key = (qualifier, place.id)
        if key not in self._qualifies:
            self._qualifies[key] = self._holds(qualifier, place)
        return self._qualifies[key]

    def _holds(self, qualifier: str, place: Place) -> bool:
        for other in self.places(qualifier):
            container = other.place
            if container.id == place.id:
                continue
            if container.feature_type == "country" and container.country_code == place.country_code:
                return True
            if container.feature_type == "admin1" and place.admin1_code and container.admin1_code == place.admin1_code:
                return True
            if container.feature_type in ("historical_country", "region", "admin2") \
                    and place_distance_km(container, place) < w.QUALIFIER_NEAR_KM:
                return True
        return False


def inside(place: Place, container: Place) -> bool:
    """Whether ``place`` lies inside the unit ``container``, by GeoNames codes, or for
    curated features (which carry none) by nearness to the unit's point."""
    if place.id == container.id:
        return False
    if container.feature_type == "country":
        return place.country_code == container.country_code
    if container.feature_type == "admin1":
        if place.admin1_code:
            return place.admin1_code == container.admin1_code
        # "the Salang Tunnel in Parwan": in the country and within reach of the province's point.
        return place.country_code == container.country_code and place_distance_km(place, container) < w.STATE_RADIUS_KM
    if place.admin2_code:
        return place.admin2_code == container.admin2_code
    return place.country_code == container.country_code and place_distance_km(place, container) < w.COUNTY_RADIUS_KM


def container_of(group: Group, rescored: list[Scored]) -> tuple[Place | None, bool]:
    """The unit a resolved qualifier stands for, and whether the text makes it sure
    enough to pin places the gazetteer lacks there. "New York" first means the city,
    but as the qualifier in "Troy, New York" it is the state, which holds the city."""
    if not rescored:
        return None, False
    top = rescored[0]
    if top.place.feature_type in CONTAINER_TYPES:
        # "Kingfisher County" or "Kent County, Delaware" say they are a county, and
        # "Kent" is that county's full name; a bare "Granville" may be Granville County
        # by the gazetteer's ranking alone.
        sure = top.place.feature_type == "admin1" or bool(group.qualifier) or group.type_hint == "admin2" \
            or fold(top.candidate.matched_name) == fold(top.place.name)
        return top.place, sure
    for scored in rescored[1:3]:
        unit = scored.place
        if unit.feature_type in CONTAINER_TYPES and scored.candidate.is_preferred \
                and scored.score >= w.CONTAINER_RUNNER_UP * top.score and inside(top.place, unit):
            return unit, False
    return None, False


def unlike_a_unit(ranked: list[Scored]) -> bool:
    """A name that is itself first a country or a state is never "inside" the next
    name: "Ohio, Texas" is two states, not Ohio in Texas. "Stockholm, a town in
    Kingfisher County" may be, though a Swedish county is called Stockholm too."""
    return ranked[0].place.feature_type not in BROAD_TYPES + ("admin1", "admin2")


def pinned_place(group: Group, container: Place) -> Place:
    """A place the gazetteer lacks, at the point of the unit the text says holds it."""
    # The name as the text writes it, not a dateline's capitals ("QUILLBARROW, Okla.").
    name = next((item.text for item in group.items if not item.text.isupper()), group.items[0].text.title())
    return Place(
        id=f"{WITHIN_PREFIX}{container.id}:{group.key}", name=name,
        feature_type=group.type_hint if group.type_hint in FEATURE_TYPES else "other",
        country_code=container.country_code, lat=container.lat, lon=container.lon,
        admin1_code=container.admin1_code, admin1_name=container.admin1_name,
        source=f"the point of {container.name}: {container.source or 'gazetteer'}",
        admin2_code=container.admin2_code,
    )
