"""The reading view in Debian chromium, offline: one test per defect a new user saw
(issue 11, "What was seen"), each written to fail on the dashboard as it was."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.browser.conftest import MAP_FRAME, offline_page

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
FACTS_H4 = ".pa-facts h4"

CONTRAST_JS = """(el) => {
    const rgb = (s) => (s.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => {
        const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bgEl = el, bg = null;
    while (bgEl) {   // the first ancestor with an opaque background
        const c = rgb(getComputedStyle(bgEl).backgroundColor);
        if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) { bg = c; break; }
        bgEl = bgEl.parentElement;
    }
    bg = bg || [255, 255, 255];
    const fg = rgb(getComputedStyle(el).color);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


def map_frame(page):
    page.locator(MAP_FRAME).first.wait_for(timeout=TIMEOUT)
    frame = page.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.wait_for_function("() => window.__passageAtlasMap && window.map", timeout=TIMEOUT)
    return frame


def marker_point(page, frame, name: str, zoom: int | None = None) -> tuple[float, float]:
    """Page coordinates of the named place's marker (after an optional instant zoom onto it)."""
    point = frame.evaluate("""([name, zoom]) => {
        let hit = null;
        map.eachLayer((l) => { if (!hit && l instanceof L.CircleMarker && l.feature && l.feature.properties.name === name) hit = l; });
        if (!hit) { return null; }
        if (zoom !== null) { map.setView(hit.getLatLng(), zoom, {animate: false}); }
        const p = map.latLngToContainerPoint(hit.getLatLng());
        return [p.x, p.y];
    }""", [name, zoom])
    assert point is not None, f"no marker named {name!r}"
    box = page.locator(MAP_FRAME).first.bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


def click_mark(page, text: str) -> None:
    page.locator("mark[data-place]", has_text=re.compile(rf"^{re.escape(text)}$")).first.click()


def facts_title(page) -> str:
    return page.locator(FACTS_H4).inner_text().strip()


def paste(page, server: str, text: str) -> None:
    page.goto(server, timeout=TIMEOUT)
    map_frame(page)
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_label("Paste the article text").fill(text)
    page.get_by_role("button", name="Find the places").click()
    page.get_by_text("Saved and opened the new article").wait_for(timeout=TIMEOUT)
    map_frame(page)


ATLANTA = """Storm warnings across the South

Officials in Atlanta closed schools on Monday as the storm neared, and buses stopped running in Atlanta by noon.
"""


def test_a_correction_saves_exactly_the_namesake_chosen(page, server, atlas_data, full_gazetteer, shoot):
    illinois = next(c.place for c in full_gazetteer.candidates("Atlanta", fuzzy=False)
                  if c.place.admin1_name == "Illinois" and c.place.feature_type == "city")
    paste(page, server, ATLANTA)
    click_mark(page, "Atlanta")
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('Atlanta')")
    page.get_by_role("button", name="Correct this place").click()
    page.get_by_text("It is…").wait_for(timeout=TIMEOUT)
    rows = page.locator(".st-key-pa-correct [data-testid='stMarkdownContainer']").all_inner_texts()
    labels = [r for r in rows if re.match(r"^\d+\. Atlanta ·", r)]
    assert len(labels) >= 4
    assert len(set(labels)) == len(labels), labels          # namesakes are told apart
    assert any("Georgia" in label for label in labels) and any("Illinois" in label for label in labels), "\n".join(rows)
    shoot(page, "namesakes")
    index = next(i for i, label in enumerate(labels) if "Illinois" in label)
    page.locator(".st-key-pa-correct").get_by_role("button", name="Choose").nth(index).click()
    page.get_by_text("Saved: every mention").wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelector('.pa-facts')?.innerText.includes('Illinois')", timeout=TIMEOUT)
    with sqlite3.connect(atlas_data / "workspace.sqlite") as db:
        saved = db.execute("SELECT place_id FROM corrections WHERE name_key = 'atlanta'").fetchall()
    assert saved == [(illinois.id,)]
    assert "corrected by you" in page.locator(".pa-facts").inner_text()
    frame = map_frame(page)
    assert frame.evaluate("""() => { let c = null; map.eachLayer((l) => { if (l instanceof L.CircleMarker && l.feature
        && l.feature.properties.name === 'Atlanta') c = l.feature.properties.corrected; }); return c; }""") is True
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_text(re.compile(r"Atlanta → Atlanta · city in Illinois")).first.wait_for(timeout=TIMEOUT)
    assert page.get_by_text(re.compile(r"Atlanta → Atlanta · city in")).count() == 1


def test_the_selection_follows_the_last_click(page, server):
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    click_mark(page, "Kabul")
    click_mark(page, "Dubai")
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('Dubai')")
    selected = page.evaluate("() => [...new Set([...document.querySelectorAll('.pa-reader mark.selected')]"
                             ".map((m) => m.innerText))]")
    assert selected == ["Dubai"]
    assert frame.evaluate("() => window.__passageAtlasMap.selected()") == "gn:292223"


def test_a_range_is_a_halo_selected_only_on_its_marker(page, server, shoot):
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    assert frame.evaluate("""() => { let boxes = 0; map.eachLayer((l) => { if (l instanceof L.Polygon && l.feature
        && l.feature.properties && l.feature.properties.id === 'cur:hindu-kush') boxes++; }); return boxes; }""") == 0
    # Empty map inside the range's old box (south-west corner area): no selection.
    point = frame.evaluate("""() => { map.setView([34.2, 67.0], 7, {animate: false});
        const p = map.latLngToContainerPoint([34.2, 67.0]); return [p.x, p.y]; }""")
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.wait_for_timeout(500)
    assert frame.evaluate("() => window.__passageAtlasMap.selected()") is None
    click_mark(page, "Hindu Kush")
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('Hindu Kush')")
    page.wait_for_timeout(800)
    shapes = frame.evaluate("""() => { const out = {circles: [], lines: 0};
        map.eachLayer((l) => { if (l.options && l.options.pane === 'pa-selection') {
            if (l instanceof L.Circle) out.circles.push(l.getRadius());
            else if (l instanceof L.Polyline) out.lines++; } });
        return out; }""")
    assert shapes["lines"] == 0, "no line (a box's diagonal) crosses the map"
    assert any(r > 200_000 for r in shapes["circles"]), shapes
    shoot(page, "hindu-kush")


def test_dark_theme_legend_and_marks_are_legible(browser, server, shoot):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort())
    try:
        page.goto(server, timeout=TIMEOUT)
        frame = map_frame(page)
        background = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
        assert sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 150, f"not dark: {background}"
        frame.evaluate("() => { const l = document.querySelector('.pa-legend'); if (l.classList.contains('pa-collapsed')) l.querySelector('button').click(); }")
        legend = frame.locator(".pa-legend label span:last-child")
        assert legend.count() >= 8
        for i in range(legend.count()):
            assert legend.nth(i).evaluate(CONTRAST_JS) >= 4.5
        click_mark(page, "Kabul")
        for selector in ("mark.place:not(.selected)", "mark.place.selected", "mark.unresolved, mark.demonym",
                         ".pa-facts td", ".pa-reader p"):
            element = page.locator(selector).first
            assert element.evaluate(CONTRAST_JS) >= 4.5, selector
        shoot(page, "dark")
    finally:
        context.close()


def test_at_400px_the_map_stays_in_reach_and_nothing_covers_kabul(browser, server, shoot):
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort())
    try:
        page.goto(server, timeout=TIMEOUT)
        frame = map_frame(page)
        page.wait_for_timeout(1500)
        iframe_top = page.locator(MAP_FRAME).first.bounding_box()["y"]
        text_top = page.locator(".pa-reader").bounding_box()["y"]
        assert iframe_top < text_top, "the map comes before the text"
        x, y = marker_point(page, frame, "Kabul")
        box = page.locator(MAP_FRAME).first.bounding_box()
        on_top = frame.evaluate("""([x, y]) => { const e = document.elementFromPoint(x, y);
            return e && e.matches('path.leaflet-interactive') ? 'marker' : (e ? e.className.baseVal || e.className : ''); }""",
                                [x - box["x"], y - box["y"]])
        assert on_top == "marker", f"Kabul is covered by {on_top!r}"
        shoot(page, "400px")
        # Scrolled deep into the text, the map is still on screen; a name moves it.
        page.mouse.move(200, 700)
        page.mouse.wheel(0, 2500)
        page.wait_for_timeout(600)
        mark = page.locator("mark[data-place]", has_text=re.compile("^Andarab$")).first
        mark.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        top = page.locator(MAP_FRAME).first.bounding_box()["y"]
        assert -5 <= top < 140, f"map scrolled away (top {top})"
        mark.click()
        frame.wait_for_function("() => window.__passageAtlasMap.selected() === 'cur:andarab-valley'", timeout=5000)
        shoot(page, "400px-scrolled")
    finally:
        context.close()


MARSEILLE = """Floods cut roads across southern France

Heavy rain flooded streets in Marseille on Tuesday, and rescue teams were sent from Lyon.
"""


def test_a_link_reopens_the_article_and_the_place(page, server):
    paste(page, server, MARSEILLE)
    click_mark(page, "Lyon")
    page.wait_for_function("() => location.search.includes('place=')")
    url = page.url
    assert re.search(r"article=\d+", url) and "place=" in url
    page.goto(server, timeout=TIMEOUT)            # the sample again
    map_frame(page)
    page.goto(url, timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('Lyon')", timeout=TIMEOUT)
    assert page.get_by_text("Floods cut roads across southern France").first.is_visible()
    frame = map_frame(page)
    frame.wait_for_function("() => window.__passageAtlasMap.selected() !== null", timeout=TIMEOUT)
    page.goto(server + "/?article=987654", timeout=TIMEOUT)
    page.get_by_text("No saved article has the id 987654").wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Floods cut roads across southern France").first.wait_for(timeout=TIMEOUT)


NEWSPAPER = """Markets steady

The New York Times reported on Friday that traders in Chicago were calm.
"""


def test_the_organisations_heading_names_this_articles_example(page, server):
    paste(page, server, NEWSPAPER)
    page.get_by_text("Names not on the map").click()
    heading = page.get_by_text("so it is linked to the place").first
    heading.wait_for(timeout=TIMEOUT)
    assert "Washington Post" not in heading.inner_text()
    assert "New York" in heading.inner_text()


DAMS = """Water levels

Engineers opened the spillway of the Aswan High Dam on Monday. Downstream of Hyderabad, the Kotri Barrage stayed shut, officials in Karachi said.
"""


def test_dams_and_barrages_are_places_not_organisations(page, server):
    paste(page, server, DAMS)
    frame = map_frame(page)
    marker_point(page, frame, "Aswan High Dam")  # a dam the gazetteer has is on the map
    expander = page.get_by_text("Names not on the map")
    assert "0 inside organisations' names" in expander.inner_text()
    expander.click()
    # One the gazetteer lacks is listed as an unresolved place, not kept off as a company.
    unresolved = page.locator("li", has_text="Kotri Barrage")
    unresolved.first.wait_for(timeout=TIMEOUT)
    assert "1 unresolved" in expander.inner_text()


def test_the_facts_panel_speaks_plain_words(page, server):
    page.goto(server, timeout=TIMEOUT)
    map_frame(page)
    click_mark(page, "Panjshir Valley")
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('Panjshir')")
    facts = page.locator(".pa-facts")
    text = facts.inner_text()
    assert "written from memory" not in text and "Score" not in text
    assert not re.search(r"\b1\.\d\d\b", text), "no unexplained scores"
    assert "How sure" in text and "Chosen because" in text
    facts.locator("summary", has_text="Sources").click()
    assert facts.locator("a[href*='wikipedia.org/wiki/Panjshir_Valley']").count() == 1


def test_polish_labels_toolbar_icons_print_and_credits(page, server, shoot):
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    for name in ("Previous place", "Next place"):
        button = page.get_by_role("button", name=name)
        assert button.evaluate("(b) => b.scrollWidth <= b.clientWidth + 1"), f"{name} is cut"
    assert page.get_by_text("Deploy", exact=True).count() == 0
    icons = page.locator("[data-testid='stSidebarNav'] [data-testid='stIconMaterial']")
    # One per page: Read, Places, Articles, Corpus.
    assert icons.count() == 4, "navigation icons are Material glyphs, not emoji"
    marker_point(page, frame, "Kabul", zoom=7)
    page.wait_for_timeout(300)
    assert frame.locator(".pa-label-city", has_text="Kabul").is_visible()
    # The terrain layer's longer credit stays clear of the scale bar.
    frame.evaluate("""() => { const layers = []; map.eachLayer((l) => { if (l instanceof L.TileLayer) layers.push(l); });
        layers.forEach((l) => map.removeLayer(l));
        map.eachLayer(() => {});
        const topo = Object.values(window).find((v) => v instanceof L.TileLayer && v._url.includes('opentopomap'));
        topo.addTo(map); }""")
    page.wait_for_timeout(300)
    overlap = frame.evaluate("""() => { const a = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
        const s = document.querySelector('.leaflet-control-scale').getBoundingClientRect();
        return !(a.right <= s.left || s.right <= a.left || a.bottom <= s.top || s.bottom <= a.top); }""")
    assert not overlap
    assert "OpenTopoMap" in frame.locator(".leaflet-control-attribution").inner_text()
    page.emulate_media(media="print")
    page.wait_for_timeout(500)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert frame.locator(".pa-label-valley").first.is_visible(), "printed markers carry their names"
    shoot(page, "print")
    page.emulate_media(media="screen")
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Save map as PNG").click()
    assert info.value.suggested_filename.endswith(".png")
    with open(info.value.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    shoot(page, "light")


def test_offline_nothing_leaves_localhost(browser, server):
    context, page = offline_page(browser, server)
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(server) and not request.url.startswith(("data:", "blob:", "about:"))
            and "tile" not in request.url else None)
    try:
        page.goto(server, timeout=TIMEOUT)
        map_frame(page)
        click_mark(page, "Kabul")
        page.wait_for_timeout(1000)
        assert outside == [], outside
    finally:
        context.close()


OUTLINES_DRAWN_JS = """() => {
    const codes = [];
    map.eachLayer((l) => { if (l.options && l.options.pane === 'pa-outlines' && l.feature) codes.push(l.feature.properties.iso_a2); });
    return codes;
}"""


def test_the_base_map_draws_only_the_countries_near_the_view(page, server):
    """Zoomed onto Kabul the outlines are Afghanistan's neighbourhood, not the world's
    98,000 points that every zoom would re-project; a move brings in what it reveals."""
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({OUTLINES_DRAWN_JS})().length > 0", timeout=TIMEOUT)
    frame.evaluate("() => map.setView([34.53, 69.17], 7, {animate: false})")
    near_kabul = frame.evaluate(OUTLINES_DRAWN_JS)
    assert "AF" in near_kabul and "BR" not in near_kabul and len(near_kabul) < 40
    frame.evaluate("() => map.setView([-15.8, -47.9], 6, {animate: false})")
    near_brasilia = frame.evaluate(OUTLINES_DRAWN_JS)
    assert "BR" in near_brasilia and "AF" not in near_brasilia
    frame.evaluate("() => map.setView([20, 0], 1, {animate: false})")
    assert len(frame.evaluate(OUTLINES_DRAWN_JS)) > 200


# After a zoom: how many points the drawn outlines hold, how many of them differ from
# Leaflet's own projection, and how often the map projected a point meanwhile.
OUTLINE_PROJECTION_JS = """([lat, lon, zoom]) => {
    let calls = 0;
    const own = map.latLngToLayerPoint;
    map.latLngToLayerPoint = function (latlng) { calls++; return own.call(this, latlng); };
    map.setView([lat, lon], zoom, {animate: false});
    map.latLngToLayerPoint = own;
    let points = 0, wrong = 0;
    map.eachLayer((l) => {
        if (!(l.options && l.options.pane === 'pa-outlines' && l.feature)) { return; }
        const rings = [];
        const walk = (lls) => { if (lls[0] instanceof L.LatLng) { rings.push(lls); } else { lls.forEach(walk); } };
        walk(l.getLatLngs());
        l._rings.forEach((ring, i) => ring.forEach((p, j) => {
            points++;
            const q = own.call(map, rings[i][j]);
            if (Math.abs(p.x - q.x) > 1 || Math.abs(p.y - q.y) > 1) { wrong++; }
        }));
    });
    return {calls, points, wrong};
}"""


def test_outlines_are_not_projected_point_by_point_on_every_zoom(page, server):
    """Each outline keeps its projection at zoom 0 and scales it at each zoom: the
    points are Leaflet's own (to a pixel), without a projection call per point."""
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({OUTLINES_DRAWN_JS})().length > 0", timeout=TIMEOUT)
    for view in ([34.53, 69.17, 10], [-15.8, -47.9, 5], [34.53, 69.17, 7]):
        seen = frame.evaluate(OUTLINE_PROJECTION_JS, view)
        assert seen["points"] > 1000, seen
        assert seen["wrong"] == 0, seen
        assert seen["calls"] < seen["points"] / 10, seen



# Every inline opacity a tile is given while the map zooms: Leaflet's fade sets 0, then
# steps it up frame by frame to 1.
WATCH_TILE_OPACITY_JS = """() => {
    window.__tileOpacities = [];
    const seen = (img) => { if (img.style.opacity !== '') { window.__tileOpacities.push(parseFloat(img.style.opacity)); } };
    new MutationObserver((changes) => changes.forEach((c) => {
        if (c.type === 'attributes' && c.target.matches('img.leaflet-tile')) { seen(c.target); }
        c.addedNodes && c.addedNodes.forEach((n) => n.querySelectorAll && n.querySelectorAll('img.leaflet-tile').forEach(seen));
    })).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['style']});
    map.setView([34.53, 69.17], 9, {animate: false});
}"""


def test_a_zoom_shows_its_tiles_without_a_fade(page, server):
    """Tiles appear at once: a 200 ms fade per tile repaints the whole map on every
    frame, about half of a zoom's CPU in chromium without a GPU."""
    page.goto(server, timeout=TIMEOUT)
    frame = map_frame(page)
    frame.evaluate(WATCH_TILE_OPACITY_JS)
    frame.wait_for_function("() => document.querySelectorAll('img.leaflet-tile-loaded').length > 0", timeout=TIMEOUT)
    page.wait_for_timeout(500)
    faded = [o for o in frame.evaluate("() => window.__tileOpacities") if o < 1]
    assert not faded, f"tiles faded in through opacities {sorted(set(faded))[:5]}"
    assert frame.evaluate("() => document.querySelectorAll('.leaflet-container.leaflet-fade-anim').length") == 0
