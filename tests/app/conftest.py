"""AppTest runs the pages in-process against the real gazetteer, built once per
session by the production build code into a temporary data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app_data(tmp_path_factory) -> Path:
    from gazetteer.build import build
    folder = tmp_path_factory.mktemp("app-data")
    build(folder / "gazetteer.sqlite")
    return folder


@pytest.fixture
def app(app_data, monkeypatch, tmp_path):
    """A fresh AppTest of app.py with its own workspace (the gazetteer is shared)."""
    from streamlit.testing.v1 import AppTest

    import gazetteer.paths
    # Each test gets an empty workspace but reuses the built gazetteer.
    data = tmp_path / "data"
    data.mkdir()
    (data / "gazetteer.sqlite").symlink_to(app_data / "gazetteer.sqlite")
    monkeypatch.setenv("PASSAGE_ATLAS_DATA", str(data))
    monkeypatch.chdir(REPO)
    from pages import shared
    shared._workspace.clear()
    shared._gazetteer_keeper.clear()   # opens this test's data folder's gazetteer
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
