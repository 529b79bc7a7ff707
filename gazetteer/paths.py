"""Where Passage Atlas keeps its files.

One data folder holds the built gazetteer and the dashboard's workspace. It is
``$PASSAGE_ATLAS_DATA`` when set (a read-only checkout, a shared disk), else ``var/``
beside the code, which git ignores.
"""

from __future__ import annotations

import os
from pathlib import Path

from gazetteer.errors import DataFolderError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CURATED_DIR = Path(__file__).resolve().parent / "data"
GAZETTEER_FILENAME = "gazetteer.sqlite"


def data_dir(*, create: bool = True) -> Path:
    """The data folder, created on demand; a clear error when it cannot be written."""
    folder = Path(os.environ.get("PASSAGE_ATLAS_DATA") or PROJECT_ROOT / "var")
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataFolderError(f"Cannot create the data folder {folder}: {exc.strerror or exc}") from exc
    return folder


def default_gazetteer_path() -> Path:
    return data_dir() / GAZETTEER_FILENAME
