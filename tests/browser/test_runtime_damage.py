"""Damage at run time, in Debian chromium against a real server on its own data folder:
a gazetteer truncated under the running server, a read-only data folder (with saved
articles, and empty), a full disk during the first build, and a heavy article read in
a worker process with a progress bar and a Cancel button (issue 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import REPO, free_port, offline_page
from tests.reliability.helpers import click_mark, map_ready
from tests.mounts import deleted_files_held, read_only, small_disk
from tests.reliability.helpers import selectbox_options

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT = 120_000
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
EXCEPTION = '[data-testid="stException"]'


def _serve(data: Path, logs: Path) -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` on ``data``; its log kept outside it (it may be read-only)."""
    port = free_port()
    log = open(logs / f"streamlit-{port}.log", "wb")  # noqa: SIM115 - the server's life
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=dict(os.environ, PASSAGE_ATLAS_DATA=str(data)), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _body(page) -> str:
    return page.locator("body").inner_text()


def _paste(page, text: str) -> None:
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_label("Paste the article text", exact=False).fill(text)
    page.get_by_role("button", name="Find the places").click()


def _marker_names(page) -> list[str]:
    # Leaflet's own layers, not the first drawn path: an empty area of the derived-places
    # layer is a path too, and never visible.
    for attempt in range(5):
        try:
            frame = map_ready(page)
            return frame.evaluate("""() => { const out = []; window.map.eachLayer(l => {
                if (l instanceof L.CircleMarker && l.feature) out.push(l.feature.properties.name); }); return out; }""")
        except PlaywrightError as exc:
            # Streamlit may replace the map's iframe once more after a rerun; read the new one.
            if "detached" not in str(exc) or attempt == 4:
                raise
    raise AssertionError("unreachable")


@pytest.fixture
def own_data(atlas_data, tmp_path) -> Path:
    """A data folder of this test's own, holding a copy of the real gazetteer."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(atlas_data / "gazetteer.sqlite", folder / "gazetteer.sqlite")
    return folder


def test_a_gazetteer_truncated_under_the_running_server_is_rebuilt(browser, own_data, tmp_path):
    """It used to fail every new article with "database disk image is malformed" and show
    a traceback in the gazetteer search until a restart."""
    proc, base = _serve(own_data, tmp_path)
    try:
        context, page = offline_page(browser, base)
        page.goto(base, timeout=TIMEOUT)
        assert _marker_names(page)
        gazetteer = own_data / "gazetteer.sqlite"
        with gazetteer.open("r+b") as handle:
            handle.truncate(gazetteer.stat().st_size // 3)
        _paste(page, "Floods in Lyon\n\nRain closed the roads between Lyon and Marseille on Monday.\n")
        page.get_by_text("Saved and opened the new article").wait_for(timeout=300_000)
        assert {"Lyon", "Marseille"} <= set(_marker_names(page))
        # The gazetteer search (in the reading view's correction panel) works again too.
        click_mark(page, "Lyon")
        page.get_by_role("button", name="Correct this place").click()
        page.get_by_label("Search the gazetteer").fill("Toulouse")
        page.keyboard.press("Enter")
        page.locator(".st-key-pa-correct").get_by_text("Toulouse", exact=False).first.wait_for(timeout=TIMEOUT)
        assert page.locator(EXCEPTION).count() == 0, _body(page)
        assert "malformed" not in _body(page)
        context.close()
    finally:
        _stop(proc)


def test_a_read_only_data_folder_keeps_saved_articles_readable(browser, own_data, tmp_path):
    """It used to say "Saving is off" twice, list nothing, and throw a pasted article away."""
    from geo.workspace import Workspace
    workspace = Workspace.open(own_data / "workspace.sqlite")
    workspace.save_article("Harbour news from Marseille", "Ships left Marseille for Genoa on Friday.")
    workspace.save_article("Mountain roads near Grenoble", "Snow closed the passes above Grenoble.")
    workspace.close()
    with read_only(own_data):
        proc, base = _serve(own_data, tmp_path)
        try:
            context, page = offline_page(browser, base)
            page.goto(base, timeout=TIMEOUT)
            assert _marker_names(page)
            body = _body(page)
            assert body.count("read-only") == 1, body
            assert "nothing new will be saved" in body
            page.get_by_role("link", name="Articles").first.click()
            page.get_by_text("Saved articles", exact=True).wait_for(timeout=TIMEOUT)
            assert any(o.startswith("Harbour news from Marseille ·")
                       for o in selectbox_options(page, "Article", "Harbour"))
            box = page.get_by_role("combobox", name="Article", exact=True).first
            box.click()
            box.fill("")
            box.press_sequentially("Mountain")
            page.get_by_role("option", name="Mountain roads near Grenoble", exact=False).first.click()
            page.get_by_test_id("stBaseButton-secondary").filter(has_text="Open").first.click()
            page.wait_for_timeout(1500)
            page.get_by_role("link", name="Read").first.click()
            assert "Grenoble" in _marker_names(page)
            _paste(page, "Storm over Bordeaux\n\nWind closed the port of Bordeaux on Friday.\n")
            page.get_by_text("It is not saved", exact=False).wait_for(timeout=TIMEOUT)
            assert "Bordeaux" in _marker_names(page)
            assert page.locator(EXCEPTION).count() == 0, _body(page)
            context.close()
        finally:
            _stop(proc)
    assert sorted(os.listdir(own_data)) == ["gazetteer.sqlite", "workspace.sqlite"]


def test_an_empty_read_only_data_folder_is_a_plain_message(browser, tmp_path):
    """It used to show a DataFolderError traceback."""
    empty = tmp_path / "empty"
    empty.mkdir()
    with read_only(empty):
        proc, base = _serve(empty, tmp_path)
        try:
            context, page = offline_page(browser, base)
            page.goto(base, timeout=TIMEOUT)
            page.get_by_text("The place data cannot be used", exact=False).wait_for(timeout=TIMEOUT)
            body = _body(page)
            assert "PASSAGE_ATLAS_DATA" in body and "Traceback" not in body
            assert page.locator(EXCEPTION).count() == 0, body
            context.close()
        finally:
            _stop(proc)


def test_a_full_disk_during_the_first_build_is_a_plain_message_and_frees_the_disk(browser, tmp_path):
    """It used to show a traceback, and the server kept the deleted temporary file open."""
    with small_disk(tmp_path / "disk", megabytes=20) as disk:
        proc, base = _serve(disk, tmp_path)
        try:
            context, page = offline_page(browser, base)
            page.goto(base, timeout=TIMEOUT)
            page.get_by_text("disk is full", exact=False).first.wait_for(timeout=300_000)
            body = _body(page)
            assert page.locator(EXCEPTION).count() == 0, body
            assert "Traceback" not in body
            assert not [f for f in deleted_files_held(proc.pid) if str(disk) in f], deleted_files_held(proc.pid)
            assert shutil.disk_usage(disk).used < 2_000_000, shutil.disk_usage(disk)
            context.close()
        finally:
            _stop(proc)


def test_a_heavy_article_shows_progress_and_can_be_cancelled(browser, own_data, tmp_path):
    """A large article is read in a worker process: a progress bar, a Cancel button that
    ends the worker, and the page says it was cancelled (nothing lost: it is saved)."""
    proc, base = _serve(own_data, tmp_path)
    try:
        context, page = offline_page(browser, base)
        page.goto(base, timeout=TIMEOUT)
        assert _marker_names(page)
        text = "Convoys left Kabul for Herat and Kandahar, and then went on to Ghazni. " * 40_000
        _paste(page, text)
        page.locator('[data-testid="stProgress"]').first.wait_for(timeout=TIMEOUT)
        workers = _children(proc.pid)
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert workers, "the article is read in a worker process"
        page.get_by_role("button", name="Cancel").click()
        page.get_by_text("Reading this article was cancelled", exact=False).wait_for(timeout=TIMEOUT)
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers), "the worker was not ended"
        page.get_by_role("button", name="Read it now").click()
        page.locator('[data-testid="stProgress"]').first.wait_for(timeout=TIMEOUT)
        # The map is drawn once the worker is done; until Streamlit drops it, the cancelled
        # view's empty map stays beside the new one.
        page.locator('[data-testid="stProgress"]').first.wait_for(state="detached", timeout=300_000)
        page.wait_for_function(f"() => document.querySelectorAll('{MAP_FRAME}').length === 1", timeout=TIMEOUT)
        assert {"Kabul", "Herat"} <= set(_marker_names(page))
        assert page.locator(EXCEPTION).count() == 0, _body(page)
        context.close()
    finally:
        _stop(proc)


def _children(pid: int) -> list[int]:
    """The server's parse workers (spawned children; not multiprocessing's resource tracker)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in command:
                out.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"
