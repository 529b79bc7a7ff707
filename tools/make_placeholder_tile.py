"""Write static/placeholder-tile.png, the neutral tile shown where a map tile cannot load.

Offline, every tile layer falls back to this image (folium's `error_tile_url`), so the
map shows a calm light-grey background instead of broken-image icons.

    python tools/make_placeholder_tile.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TILE = REPO / "static" / "placeholder-tile.png"
SIZE = 256  # Leaflet's default tile size
GREY = 230  # light grey, on a 0-255 scale


def main() -> None:
    TILE.parent.mkdir(parents=True, exist_ok=True)
    # A single-channel image of one value compresses to a few hundred bytes.
    Image.new("L", (SIZE, SIZE), GREY).save(TILE, optimize=True)
    print(f"wrote {TILE.relative_to(REPO)} ({TILE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
