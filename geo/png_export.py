"""The article's map as a PNG: country outlines, every place drawn with the shape the
interactive map uses (``geo.geometry.place_shape``), names as labels, and the credits.

Drawn with matplotlib (Agg, no display) in plain longitude/latitude, so it needs no
tiles and no network.

>>> from geo.model import ParseResult
>>> map_png(ParseResult("", (), (), (), ()), title="Empty")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
import math

from gazetteer.geometry import KM_PER_DEGREE, default_outlines
from geo.geometry import place_shape
from geo.mapview import STYLES, mapped_places, result_bounds, style_group
from geo.model import ParseResult

CREDITS = ("Place data: GeoNames (CC BY 4.0); outlines: Natural Earth (public domain); "
           "curated Passage Atlas tables. Made with Passage Atlas.")
# Most places labelled on one image; the most mentioned win, so the labels stay legible.
MAX_LABELS = 80


def map_png(result: ParseResult, *, title: str = "", width_px: int = 1600, dpi: int = 160) -> bytes:
    """PNG bytes of the article's places on their countries, labelled and credited."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, Polygon

    bounds = result_bounds(result, focus=True) or [[-60.0, -180.0], [80.0, 180.0]]
    (south, west), (north, east) = bounds
    pad_lat = max(1.0, (north - south) * 0.15)
    pad_lon = max(1.0, (east - west) * 0.15)
    south, north = max(-85.0, south - pad_lat), min(85.0, north + pad_lat)
    west, east = max(-180.0, west - pad_lon), min(180.0, east + pad_lon)
    aspect = 1 / max(math.cos(math.radians((south + north) / 2)), 0.2)   # degrees of lat vs lon on screen
    width_in = width_px / dpi
    height_in = max(3.0, min(width_in * 1.2, width_in * (north - south) * aspect / max(east - west, 1e-6)))
    figure, axes = plt.subplots(figsize=(width_in, height_in), dpi=dpi)
    try:
        axes.set_facecolor("#dbe9f4")
        for outline in default_outlines().items:
            for polygon in outline.polygons:
                box = polygon.bbox
                if box[2] < west or box[0] > east or box[3] < south or box[1] > north:
                    continue
                axes.add_patch(Polygon(polygon.rings[0], closed=True, facecolor="#f2efe9", edgecolor="#6b6b6b",
                                       linewidth=0.5))
        places = mapped_places(result)
        labelled = {rp.key for rp in sorted(places, key=lambda rp: -len(rp.mentions))[:MAX_LABELS]}
        for rp in places:
            assert rp.place is not None
            style = STYLES[style_group(rp.place.feature_type)]
            shape = place_shape(rp.place)
            if shape.is_line:
                xs, ys = zip(*shape.geometry["coordinates"])
                axes.plot(xs, ys, color=style.color, linewidth=2.5, alpha=0.85, zorder=3)
            if shape.halo_km > 0:
                radius = shape.halo_km / KM_PER_DEGREE
                axes.add_patch(Circle((rp.place.lon, rp.place.lat), radius, facecolor=style.color, alpha=0.08,
                                      edgecolor=style.color, linewidth=1, linestyle="--", zorder=2))
            axes.scatter([rp.place.lon], [rp.place.lat], s=28, color=style.color, edgecolors="#1a1a1a",
                         linewidths=0.6, zorder=4)
            if rp.key in labelled:
                axes.annotate(rp.name, (rp.place.lon, rp.place.lat), xytext=(4, 3), textcoords="offset points",
                              fontsize=7, color="#1a1a1a", zorder=5,
                              bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                    "alpha": 0.75})
        axes.set_xlim(west, east)
        axes.set_ylim(south, north)
        axes.set_aspect(aspect)
        axes.set_xticks([])
        axes.set_yticks([])
        if title:
            axes.set_title(title, fontsize=10, loc="left")
        axes.annotate(CREDITS, xy=(0, -0.01), xycoords="axes fraction", fontsize=6, color="#333333", ha="left",
                      va="top")
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=dpi, bbox_inches="tight")
        return out.getvalue()
    finally:
        plt.close(figure)
