"""Browser timings of the dashboard, offline, in headless Debian chromium.

For the sample article and a generated article naming 300 places: page load to first
marker visible (target < 4 s); click to passage visible, p50 and p95, for marker clicks
and for clicks on a name in the text (target p95 <= 200 ms: clicks are answered in the
browser, no server rerun); then the ten-reader load test (bench/load_test.py, target
click-to-passage p95 <= 1 s). Prints the figures.

    python bench/browser_bench.py            # builds a gazetteer in a temp folder (~15 s)
    PASSAGE_ATLAS_DATA=var python bench/browser_bench.py   # reuse a built one
    python bench/browser_bench.py --clicks-only              # without the ten-reader run
    python bench/browser_bench.py --clicks-only --checkout /tmp/main   # another checkout's dashboard
"""

from __future__ import annotations

import os
import sqlite3
import asyncio
import math
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, free_port, start_server  # noqa: E402

MARKER = 'path.leaflet-interactive[fill]:not([fill="none"]), .marker-cluster'
CLICKS = 20


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
                const ll = layer.getLatLng();
                out.push([layer.feature.properties.id, ll.lat, ll.lng, layer.feature.properties.name]);
            }
        };
        window.map.eachLayer(visit);
        const seen = new Set();
        return out.filter(([id]) => !seen.has(id) && seen.add(id));
    }""")


SHOWN_JS = """([key, name]) => {
    const h = document.querySelector('.pa-facts h4');
    if (!h || h.innerText.trim() !== name) { return false; }
    const mark = document.querySelector('.pa-reader mark.current');
    if (!mark || mark.dataset.place !== key) { return false; }
    const box = document.querySelector('.pa-reader').getBoundingClientRect(), r = mark.getBoundingClientRect();
    return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && !!document.querySelector('.pa-passage');
}"""
MARK_POINT_JS = """(key) => {
    const mark = [...document.querySelectorAll('.pa-reader mark[data-place]')].find((m) => m.dataset.place === key);
    if (!mark) { return null; }
    mark.scrollIntoView({block: 'center'});
    const r = mark.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
}"""


# In the page: from a click event to the first frame after it (the frame the passage is
# painted in, when the click was answered without a round trip), and whether that frame
# held the passage. The driver's figure adds its own round trips and whatever the page
# does before its next poll (the map's move).
FIRST_FRAME_JS = """() => {
    if (window.__paFrameWatch) { return; }
    window.__paFrameWatch = true;
    document.addEventListener('click', (event) => {
        const at = event.timeStamp;
        requestAnimationFrame(() => { window.__paFirstFrame = {ms: performance.now() - at,
            current: (document.querySelector('.pa-reader mark.current') || {dataset: {}}).dataset.place || null}; });
    }, true);
}"""


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (nan for no values)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1] if ordered else float("nan")


def measure(browser, base: str, url: str, label: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    start = time.perf_counter()
    page.goto(url)
    page.locator(MAP_FRAME).first.wait_for(timeout=60_000)
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.wait_for_selector(MARKER, timeout=60_000, state="attached")
    load = time.perf_counter() - start
    frame.wait_for_function("() => !!window.__passageAtlasMap", timeout=60_000)
    page.wait_for_timeout(1500)
    places = place_ids(frame)
    box = page.locator(MAP_FRAME).first.bounding_box()
    marker_clicks, name_clicks = [], []
    step = max(1, len(places) // CLICKS)
    for place_id, lat, lon, name in places[::step][:CLICKS]:
        # A marker click: zoom onto it (no animation), click its centre.
        point = frame.evaluate("""([lat, lon]) => {
            window.map.setView([lat, lon], 16, {animate: false});
            const p = window.map.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y];
        }""", [lat, lon])
        page.wait_for_timeout(300)
        t = time.perf_counter()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        try:
            page.wait_for_function(SHOWN_JS, arg=[place_id, name], timeout=5_000, polling="raf")
            marker_clicks.append(time.perf_counter() - t)
        except Exception:  # a click that hit another marker on the same spot: not a timing
            pass
    page.evaluate(FIRST_FRAME_JS)
    first_frames = []
    for place_id, _lat, _lon, name in places[step // 2::step][:CLICKS]:
        # A click on the place's name in the text.
        point = page.evaluate(MARK_POINT_JS, place_id)
        if point is None:
            continue
        page.wait_for_timeout(300)
        t = time.perf_counter()
        page.mouse.click(point[0], point[1])
        try:
            page.wait_for_function(SHOWN_JS, arg=[place_id, name], timeout=5_000, polling="raf")
            name_clicks.append(time.perf_counter() - t)
            frame_seen = page.evaluate("() => window.__paFirstFrame")
            if frame_seen and frame_seen["current"] == place_id:
                first_frames.append(frame_seen["ms"] / 1000)
        except Exception:
            pass
    context.close()
    figures = {"places": len(places), "load_s": load}
    parts = []
    for kind, values in (("marker", marker_clicks), ("name", name_clicks)):
        figures[f"{kind}_p50_ms"] = percentile(values, 50) * 1000
        figures[f"{kind}_p95_ms"] = percentile(values, 95) * 1000
        parts.append(f"{kind} click to passage p50 {figures[f'{kind}_p50_ms']:.0f} ms, "
                     f"p95 {figures[f'{kind}_p95_ms']:.0f} ms over {len(values)} clicks")
    figures["name_first_frame_p95_ms"] = percentile(first_frames, 95) * 1000
    print(f"{label}: {len(places)} places; page load to markers {load:.2f} s (target < 4); "
          + "; ".join(parts) + " (target p95 <= 200 ms); in the page, name click event to the first frame "
          f"holding its passage p50 {percentile(first_frames, 50) * 1000:.0f} ms, "
          f"p95 {figures['name_first_frame_p95_ms']:.0f} ms over {len(first_frames)}")
    return figures


def main() -> None:
    import argparse

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks-only", action="store_true", help="skip the ten-reader load test")
    parser.add_argument("--checkout", type=Path, default=REPO, help="run the dashboard of this checkout")
    args = parser.parse_args()

    from geo.workspace import Workspace
    from gazetteer.paths import GAZETTEER_FILENAME

    data = data_folder()
    os.environ["PASSAGE_ATLAS_DATA"] = str(data)
    workspace = Workspace.open(data / "workspace.sqlite")
    text = generated_article(data / GAZETTEER_FILENAME)
    big_id = workspace.save_article("300 places (generated)", text)
    port = free_port()
    proc = start_server(data, port, app_dir=args.checkout)
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
    if args.clicks_only:
        return
    from bench.load_test import run_load, warm_up
    port = free_port()
    proc = start_server(data, port, app_dir=args.checkout)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(warm_up(base))
        report = asyncio.run(run_load(base, sessions=10, duration=60, seed=7))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    clicks = report.clicks
    print(f"ten readers (bench/load_test.py, 60 s): click to passage p50 {percentile(clicks, 50) * 1000:.0f} ms, "
          f"p95 {percentile(clicks, 95) * 1000:.0f} ms over {len(clicks)} clicks (target p95 <= 1000 ms); "
          f"page load p50 {percentile(report.loads, 50):.2f} s; errors {len(report.errors)}")


if __name__ == "__main__":
    main()
