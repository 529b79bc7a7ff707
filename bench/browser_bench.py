"""Browser timings of the dashboard, offline, in headless Debian chromium.

For the sample article and a generated article naming 300 places: page load to first
marker visible (target < 4 s), marker click to its passage visible (target < 1 s), and
the server-side rerun after a click (in-process AppTest run of the page with a
simulated click). Prints the figures.

    python bench/browser_bench.py            # builds a gazetteer in a temp folder (~15 s)
    PASSAGE_ATLAS_DATA=var python bench/browser_bench.py   # reuse a built one
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, free_port, start_server  # noqa: E402

MARKER = 'path.leaflet-interactive[fill]:not([fill="none"]), .marker-cluster'
CLICKS = 5


def data_folder() -> Path:
    from gazetteer.build import build
    given = os.environ.get("PASSAGE_ATLAS_DATA")
    if given and (Path(given) / "gazetteer.sqlite").is_file():
        return Path(given)
    folder = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    print("building a gazetteer for the benchmark (about 15 s)…")
    build(folder / "gazetteer.sqlite")
    return folder


def generated_article(gazetteer_path: Path, count: int = 300) -> str:
    """Sentences naming ``count`` of the largest cities, each with its country."""
    db = sqlite3.connect(f"{gazetteer_path.resolve().as_uri()}?mode=ro", uri=True)
    countries = dict(db.execute("SELECT country_code, name FROM places WHERE feature_type = 'country'"))
    rows = db.execute("SELECT name, country_code FROM places WHERE feature_type = 'city' AND name GLOB '[A-Z]*' "
                      "AND name NOT LIKE '% %' ORDER BY population DESC LIMIT ?", (count * 2,)).fetchall()
    seen, lines = set(), ["Correspondents report from around the world", ""]
    for name, cc in rows:
        if name in seen or cc not in countries:
            continue
        seen.add(name)
        lines.append(f"Our correspondent in {name}, {countries[cc]}, reported calm streets on Monday.\n")
        if len(seen) == count:
            break
    return "\n".join(lines)


def place_ids(frame) -> list[list]:
    """[id, lat, lon] of every place, clustered or not."""
    return frame.evaluate("""() => {
        const out = [];
        const visit = (layer) => {
            if (layer.getLayers) { layer.getLayers().forEach(visit); }
            if (layer instanceof L.CircleMarker && layer.feature) {
                const ll = layer.getLatLng(); out.push([layer.feature.properties.id, ll.lat, ll.lng]);
            }
        };
        window.map.eachLayer(visit);
        const seen = new Set();
        return out.filter(([id]) => !seen.has(id) && seen.add(id));
    }""")


def measure(browser, base: str, url: str, label: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    start = time.perf_counter()
    page.goto(url)
    page.locator(MAP_FRAME).first.wait_for(timeout=60_000)
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.wait_for_selector(MARKER, timeout=60_000)
    load = time.perf_counter() - start
    page.wait_for_timeout(1500)
    places = place_ids(frame)
    box = page.locator(MAP_FRAME).first.bounding_box()
    clicks = []
    step = max(1, len(places) // CLICKS)
    for place_id, lat, lon in places[::step][:CLICKS]:
        point = frame.evaluate("""([lat, lon]) => {
            window.map.setView([lat, lon], 16, {animate: false});
            const p = window.map.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y];
        }""", [lat, lon])
        page.wait_for_timeout(600)
        before = page.locator(".pa-facts").count() and page.locator(".pa-facts").inner_text()
        t = time.perf_counter()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        try:
            page.wait_for_function(
                "(before) => { const f = document.querySelector('.pa-facts'); "
                "return f && f.innerText !== before && document.querySelector('.pa-passage'); }",
                arg=before or "", timeout=15_000)
            clicks.append(time.perf_counter() - t)
        except Exception:  # a click that hit nothing (overlapping marker): not a timing
            pass
    context.close()
    figures = {"places": len(places), "load_s": load,
               "click_median_s": statistics.median(clicks) if clicks else float("nan"),
               "click_max_s": max(clicks) if clicks else float("nan"), "clicks": len(clicks)}
    print(f"{label}: {len(places)} places; page load to markers {load:.2f} s (target < 4); "
          f"click to passage median {figures['click_median_s']:.2f} s, max {figures['click_max_s']:.2f} s "
          f"over {len(clicks)} clicks (target < 1)")
    return figures


def server_rerun(data: Path, article_id: int, label: str) -> None:
    """Full-page rerun time after a click, measured in-process with AppTest."""
    code = f"""
import os, sys, time, statistics
sys.path.insert(0, {str(REPO)!r})
os.chdir({str(REPO)!r})
import streamlit_folium
from streamlit.testing.v1 import AppTest
from gazetteer import open_gazetteer
from geo.workspace import Workspace
from pages.shared import parse_article
at = AppTest.from_file("app.py", default_timeout=120)
at.session_state["atlas.article_id"] = {article_id}
at.run()
art = Workspace.open().get_article({article_id})
from geo.pipeline import parse
result = parse(art.text, open_gazetteer(), caption_spans=art.caption_spans)
times = []
for n, rp in enumerate(result.places[:10], start=1):
    streamlit_folium.st_folium = lambda *a, _k=rp.key, _n=n, **kw: {{"last_active_drawing": {{"properties": {{"id": _k}}}}, "last_object_clicked_count": _n}}
    t = time.perf_counter(); at.run(); times.append(time.perf_counter() - t)
    assert not at.exception, at.exception
print(f"{{statistics.median(times):.3f}} {{max(times):.3f}}")
"""
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PASSAGE_ATLAS_DATA=str(data)),
                         capture_output=True, text=True, check=True).stdout.split()
    print(f"{label}: server rerun after a click (whole page, incl. the selection rerun) "
          f"median {float(out[-2]) * 1000:.0f} ms, max {float(out[-1]) * 1000:.0f} ms")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from geo.workspace import Workspace
    from gazetteer.paths import GAZETTEER_FILENAME

    data = data_folder()
    os.environ["PASSAGE_ATLAS_DATA"] = str(data)
    workspace = Workspace.open(data / "workspace.sqlite")
    text = generated_article(data / GAZETTEER_FILENAME)
    big_id = workspace.save_article("300 places (generated)", text)
    port = free_port()
    proc = start_server(data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            measure(browser, base, base + "/", "warm-up")
            measure(browser, base, base + "/", "sample article")
            measure(browser, base, f"{base}/?article={big_id}", "generated, 300 cities")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    sample_id = next(a.id for a in workspace.list_articles() if a.id != big_id)
    server_rerun(data, sample_id, "sample article")
    server_rerun(data, big_id, "generated, 300 cities")


if __name__ == "__main__":
    main()
