"""Places the text describes instead of naming: "70 miles north of Kabul".

``derive_places(result, gazetteer)`` finds the descriptions around the places a
ParseResult names and computes an area for each (see ``geo.spatial.derive`` for the
model); ``geo.spatial.evidence`` relates them to named places, ``geo.spatial.export``
and ``geo.spatial.mapview`` put them in exports and on a folium map.
"""

from geo.spatial.derive import DrawnAreas, derive_places
from geo.spatial.model import RELATIONS, Anchor, DerivedPlace, Distance

__all__ = ["RELATIONS", "Anchor", "DerivedPlace", "Distance", "DrawnAreas", "derive_places"]
