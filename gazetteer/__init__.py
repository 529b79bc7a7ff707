"""The offline gazetteer: place data built from registry packages, in SQLite.

>>> from gazetteer import open_gazetteer  
>>> open_gazetteer().candidates("Kabul")[0].place.name
'Kabul'
"""

from __future__ import annotations

import sys
from pathlib import Path

from gazetteer.build import build
from gazetteer.errors import GazetteerCorruptError, GazetteerMissingError, PassageAtlasError
from gazetteer.geocoder import OfflineGeocoder
from gazetteer.model import Candidate, Place
from gazetteer.paths import default_gazetteer_path
from gazetteer.store import Gazetteer

__all__ = ["Candidate", "Gazetteer", "OfflineGeocoder", "PassageAtlasError", "Place", "build", "open_gazetteer"]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def open_gazetteer(path: Path | None = None, *, build_if_missing: bool = True, progress=_stderr) -> Gazetteer:
    """Open the gazetteer, building it first when it is missing or damaged."""
    target = Path(path) if path else default_gazetteer_path()
    try:
        gazetteer = Gazetteer.open(target)
    except (GazetteerMissingError, GazetteerCorruptError) as exc:
        if not build_if_missing:
            raise
        progress(f"{exc}. Building it now (about 15 s, once).")
    else:
        if not (build_if_missing and gazetteer.is_stale()):
            return gazetteer
        gazetteer.close()
        progress(f"The gazetteer at {target} was built from older data. Rebuilding it (about 15 s).")
    build(target, progress=progress)
    return Gazetteer.open(target)
