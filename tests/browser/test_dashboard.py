"""The dashboard in Debian chromium, offline: map, clicks, the text beside it, paste, downloads, hostile text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 60_000


def map_frame(page, index: int = 0):
    page.locator(MAP_FRAME).nth(index).wait_for(timeout=TIMEOUT)
    frame = page.locator(MAP_FRAME).nth(index).element_handle().content_frame()
    # A place marker (filled) drawn on screen (Leaflet leaves off-screen ones as "M0 0").
    frame.wait_for_function("""() => [...document.querySelectorAll('path.leaflet-interactive[fill]:not([fill="none"])')]
        .some((p) => p.getAttribute('d') !== 'M0 0')""", timeout=TIMEOUT)
    return frame


def place_names(frame) -> list[str]:
    return frame.evaluate("""() => {
        const names = [];
        window.map.eachLayer((layer) => {
            if (layer instanceof L.CircleMarker && layer.feature) { names.push(layer.feature.properties.name); }
        });
        return names;
    }""")


def click_place(frame, name: str) -> None:
    """Zoom onto the named place (markers overlap at world scale) and click its marker."""
    for _attempt in range(10):
        zoom = frame.evaluate("""(name) => {
            let hit = null;
            window.map.eachLayer((layer) => {
                if (!hit && layer instanceof L.CircleMarker && layer.feature && layer.feature.properties.name === name) {
                    hit = layer;
                }
            });
            if (!hit) { return -1; }
            window.map.setView(hit.getLatLng(), 12, {animate: false});
            return window.map.getZoom();
        }""", name)
        assert zoom != -1, f"no marker named {name!r} on the map"
        # The page may still be settling (late fitBounds while the iframe sizes itself).
        frame.wait_for_timeout(400)
        if frame.evaluate("() => window.map.getZoom()") == 12:
            break
    path = frame.evaluate_handle("""(name) => {
        let el = null;
        window.map.eachLayer((layer) => {
            if (layer instanceof L.CircleMarker && layer.feature && layer.feature.properties.name === name) { el = layer._path; }
        });
        return el;
    }""", name)
    path.as_element().click()


def goto_page(page, title: str) -> None:
    page.get_by_role("link", name=title).first.click()


def sample_paragraph(word: str) -> str:
    return next(line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if word in line)


def test_sample_places_visible_on_map(page, server, shoot):
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    names = place_names(frame)
    shoot(page, "map")
    assert "Andarab" in names and "Kabul" in names
    assert len(names) >= 10
    # The map is one GeoJson layer: every marker carries its place id.
    ids = frame.evaluate("() => { const ids = []; window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.feature) ids.push(l.feature.properties.id); }); return ids; }")
    assert len(set(ids)) == len(ids) == len(names)


def test_click_marker_shows_its_passage(page, server, shoot):
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    frame.evaluate("() => { window.__atlasMarker = 'still here'; }")
    click_place(frame, "Andarab")
    passage = page.locator(".pa-passage").first
    passage.wait_for(timeout=TIMEOUT)
    shoot(page, "clicked")
    expected = sample_paragraph("Andarab")
    assert "convoy" in expected
    text = passage.inner_text()
    assert expected[:80] in text
    assert "north side of the Salang tunnel" in text
    assert passage.locator("mark").first.inner_text() == "Andarab"
    facts = page.locator(".pa-facts").inner_text()
    assert "valley" in facts.lower() and "Coordinates" in facts
    # The click did not remount the map (its window kept our marker variable).
    frame_now = page.locator(MAP_FRAME).first.element_handle().content_frame()
    assert frame_now.evaluate("() => window.__atlasMarker") == "still here"


def test_reader_click_centres_map(page, server, shoot):
    page.goto(server, timeout=TIMEOUT)
    map_frame(page)
    mark = page.locator("mark[data-place]", has_text=re.compile(r"^Salang tunnel$", re.I)).first
    mark.wait_for(timeout=TIMEOUT)
    mark.click()
    facts = page.locator(".pa-facts")
    facts.wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => true")
    coordinates = re.search(r"Coordinates\s*([-\d.]+),\s*([-\d.]+)", facts.inner_text())
    assert coordinates, facts.inner_text()
    lat, lon = float(coordinates.group(1)), float(coordinates.group(2))
    frame = map_frame(page)
    frame.wait_for_function(
        "([lat, lon]) => { const c = window.map.getCenter(); return Math.abs(c.lat - lat) < 0.01 && Math.abs(c.lng - lon) < 0.01; }",
        arg=[lat, lon], timeout=TIMEOUT)
    assert "Salang" in facts.inner_text()
    assert "Salang" in page.locator(".pa-passage").first.inner_text()
    shoot(page, "reader")


NEW_ARTICLE = """Floods cut roads across southern France

Heavy rain flooded streets in Marseille on Tuesday, and rescue teams were sent from Lyon.

Farther west, the river burst its banks near Toulouse, where schools closed for two days.
"""


def paste_article(page, server, text: str, title: str = "") -> None:
    page.goto(server, timeout=TIMEOUT)
    map_frame(page)
    goto_page(page, "Articles")
    if title:
        page.get_by_label("Title (optional", exact=False).fill(title)
    page.get_by_label("Paste the article text").fill(text)
    page.get_by_role("button", name="Find the places").click()


def test_paste_new_article_shows_its_places(page, server, shoot):
    paste_article(page, server, NEW_ARTICLE)
    page.get_by_text("Saved and opened the new article").wait_for(timeout=TIMEOUT)
    frame = map_frame(page)
    frame.wait_for_function("() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.feature) n++; }); return n >= 3; }", timeout=TIMEOUT)
    names = place_names(frame)
    shoot(page, "pasted")
    assert {"Marseille", "Lyon", "Toulouse"} <= set(names)
    assert "Andarab" not in names


def test_download_geojson_has_passages(page, server, shoot):
    page.goto(server, timeout=TIMEOUT)
    map_frame(page)
    goto_page(page, "Places")
    button = page.get_by_role("button", name="Download GeoJSON")
    button.wait_for(timeout=TIMEOUT)
    shoot(page, "places")
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    features = {f["properties"]["name"]: f for f in data["features"]}
    assert "Andarab" in features
    texts = [p["text"] for p in features["Andarab"]["properties"]["passages"]]
    assert any("north side of the Salang tunnel" in t for t in texts)


HOSTILE_TITLE = "<img src=x onerror=alert('title')> Talks \"end\" `now`"
HOSTILE = HOSTILE_TITLE + """

<script>alert("passage")</script> Negotiators met in Kabul on Monday '); alert('js'); //.

Delegates from Herat said <img src=x onerror=alert(1)> and [a link](javascript:alert(2)) were "fine" `${alert(3)}`.

In Kandahar, a sign read </script><script>alert(4)</script> and \\"); alert(5); (\\" near the market.
"""


def test_hostile_article_stays_text(page, server, shoot):
    paste_article(page, server, HOSTILE)
    page.get_by_text("Saved and opened the new article").wait_for(timeout=TIMEOUT)
    frame = map_frame(page)
    frame.wait_for_function("() => { let n = 0; window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.feature) n++; }); return n >= 2; }", timeout=TIMEOUT)
    assert page.get_by_text("<img src=x onerror=alert('title')>", exact=False).first.is_visible()
    # Tooltip: hover the marker, read its text.
    click_place(frame, "Kabul")
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=TIMEOUT)
    assert "Kabul" in tooltip.inner_text()
    passage = page.locator(".pa-passage").first
    passage.wait_for(timeout=TIMEOUT)
    assert '<script>alert("passage")</script>' in passage.inner_text()
    shoot(page, "map")

    page.locator("mark[data-place]").first.wait_for(timeout=TIMEOUT)
    reader_text = page.locator(".pa-reader").inner_text()
    assert "<img src=x onerror=alert(1)>" in reader_text
    assert "</script><script>alert(4)</script>" in reader_text
    assert page.locator(".pa-reader img, .pa-reader script, .pa-reader a").count() == 0
    shoot(page, "reader")

    goto_page(page, "Places")
    button = page.get_by_role("button", name="Download GeoJSON")
    button.wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert "<img src=x onerror=alert('title')>" in data["title"]
    texts = [p["text"] for f in data["features"] for p in f["properties"]["passages"]]
    assert any('<script>alert("passage")</script>' in t for t in texts)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download KML").click()
    kml = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<script>" not in kml and "&lt;script&gt;" in kml
    shoot(page, "places")
    page.wait_for_timeout(500)
    assert page.dialogs == []
