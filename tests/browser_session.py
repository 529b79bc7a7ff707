"""Session fixtures for everything that drives a real browser: a data folder with the
real gazetteer, one Streamlit server on a free port, and one headless Debian chromium.

Registered by the root conftest (``pytest_plugins``) so the browser and reliability
folders share them: two sync Playwright instances cannot run in one process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-quic", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def atlas_data(tmp_path_factory) -> Path:
    """A fresh data folder holding a copy of the real gazetteer (built once, by the
    production code, into the default data folder when missing)."""
    from gazetteer import open_gazetteer
    folder = tmp_path_factory.mktemp("atlas-data")
    source = open_gazetteer().path
    shutil.copyfile(source, folder / source.name)
    return folder


def start_server(data: Path, port: int, *, app_dir: Path = REPO) -> subprocess.Popen:
    """The dashboard of ``app_dir`` (benches compare another checkout's) on ``port``."""
    env = dict(os.environ, PASSAGE_ATLAS_DATA=str(data))
    log = open(data / f"streamlit-{port}.log", "wb")  # noqa: SIM115 - kept open for the server's life
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        # A log file, not a pipe: a pipe nobody reads fills up and stalls the server.
        cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {(data / f'streamlit-{port}.log').read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


@pytest.fixture(scope="session")
def server(atlas_data) -> str:
    port = free_port()
    proc = start_server(atlas_data, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


