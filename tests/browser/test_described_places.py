"""Places the text describes ("70 miles north of Kabul") on the Read page, in Debian
chromium, offline: drawn on the map, selected by a click there or on their words in
the text, their passage shown with the whole description highlighted; hostile text
around them stays text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME
from tests.browser.test_reading_view import TIMEOUT, facts_title, map_frame, paste

pytestmark = pytest.mark.browser

VALLEY = """Fighting in the valley

Fighters held the Panjshir Valley, 70 miles north of Kabul, for three weeks, officials said.

Food reached the villages by road from Kabul on Sunday.
"""

HOSTILE = """Night raid

Shelling hit villages 30 miles north of Kabul <b>x</b> <img src=x onerror=alert(1)> and </script><script>alert(2)</script> on Friday.
"""

AREAS_JS = """() => { const out = [];
    map.eachLayer((l) => { if (l.feature && l.feature.properties && l.feature.properties.group === 'derived'
        && l._path && l.options.pane !== 'pa-selection') out.push(l.feature.properties.id); });
    return out; }"""

# A point of the map where the area itself (not a marker over it) takes the click.
AREA_POINT_JS = """(id) => {
    let area = null;
    map.eachLayer((l) => { if (l.feature && l.feature.properties && l.feature.properties.id === id && l._path
        && l.options.pane !== 'pa-selection') area = l; });
    if (!area) { return null; }
    map.fitBounds(area.getBounds(), {animate: false});
    const box = area._path.getBoundingClientRect();
    for (let fy = 0.5; fy < 0.95; fy += 0.07) {
        for (let fx = 0.5; fx < 0.95; fx += 0.07) {
            for (const [x, y] of [[box.left + box.width * fx, box.top + box.height * fy],
                                  [box.left + box.width * (1 - fx), box.top + box.height * (1 - fy)]]) {
                if (document.elementFromPoint(x, y) === area._path) { return [x, y]; }
            }
        }
    }
    return null;
}"""


SELECTION_JS = """() => { let n = 0; map.eachLayer((l) => { if (l.options && l.options.pane === 'pa-selection'
    && l.feature && l.feature.properties && l.feature.properties.group === 'derived') n++; }); return n; }"""


def click_area(page, frame, area_id: str) -> None:
    point = frame.evaluate(AREA_POINT_JS, area_id)
    assert point is not None, f"no clickable spot on {area_id}"
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def panel_description(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.pa-passages mark.derived.selected')]"
                         ".map((m) => m.innerText)")


def test_a_described_area_is_drawn_clicked_and_its_passage_shown(page, server, shoot):
    paste(page, server, VALLEY)
    frame = map_frame(page)
    frame.wait_for_function(AREAS_JS.replace("return out; }", "return out.length > 0; }"), timeout=TIMEOUT)
    (area,) = frame.evaluate(AREAS_JS)
    click_area(page, frame, area)
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('70 miles north')",
                           timeout=TIMEOUT)
    assert facts_title(page) == "70 miles north of Kabul"
    facts = page.locator(".pa-facts").inner_text()
    assert "Anchor" in facts and "Kabul (city" in facts and "Describes" in facts and "Panjshir Valley" in facts
    assert "A circle of" in facts and "point-radius method" in facts          # how it was computed
    # The passage, with the whole description highlighted (the name inside it too).
    assert panel_description(page) == ["70 miles north of Kabul"]
    assert "Fighters held the Panjshir Valley" in page.locator(".pa-passages").inner_text()
    assert page.get_by_role("button", name="Correct this place").count() == 0
    assert frame.evaluate("() => window.__passageAtlasMap.selected()") == area
    # In the text, the description is marked unlike a name, and selected.
    looks = page.evaluate("""() => { const d = document.querySelector('.pa-reader mark.derived');
        const n = document.querySelector('.pa-reader mark.place');
        return [d.classList.contains('selected'), getComputedStyle(d).borderBottomStyle,
                getComputedStyle(d).backgroundColor !== getComputedStyle(n).backgroundColor]; }""")
    assert looks == [True, "dashed", True]
    shoot(page, "area-clicked")
    # The legend names described areas, and its box shows and hides them.
    legend = frame.locator(".pa-legend label", has_text="Described area")
    assert legend.count() == 1
    if not legend.is_visible():
        frame.locator(".pa-legend-toggle").click()
    legend.locator("input").uncheck()
    assert frame.evaluate(AREAS_JS) == []
    assert frame.evaluate(SELECTION_JS) == 0          # a hidden area is not outlined either
    legend.locator("input").check()
    assert frame.evaluate(AREAS_JS) == [area]


def test_a_click_on_a_description_in_the_text_selects_its_area(page, server):
    # Another headline: the same text pasted again would open the saved article.
    paste(page, server, VALLEY.replace("Fighting in the valley", "The valley holds"))
    frame = map_frame(page)
    frame.wait_for_function(AREAS_JS.replace("return out; }", "return out.length > 0; }"), timeout=TIMEOUT)
    (area,) = frame.evaluate(AREAS_JS)
    frame.evaluate("() => map.setView([0, 0], 3, {animate: false})")   # somewhere else
    mark = page.locator(".pa-reader mark.derived").first
    assert mark.inner_text() == "70 miles north of Kabul"
    mark.click(position={"x": 4, "y": 6})     # on "70", not on the name inside
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('70 miles north')",
                           timeout=TIMEOUT)
    frame.wait_for_function("(id) => window.__passageAtlasMap.selected() === id", arg=area, timeout=TIMEOUT)
    # The map flew to the area: its centre is in view, and it is outlined as selected.
    frame.wait_for_function("""(id) => { let a = null; map.eachLayer((l) => { if (l.feature && l.feature.properties
        && l.feature.properties.id === id && l._path && l.options.pane !== 'pa-selection') a = l; });
        return a && map.getBounds().contains(a.getBounds().getCenter()) && map.getZoom() >= 6; }""",
                            arg=area, timeout=TIMEOUT)
    assert frame.evaluate(SELECTION_JS) >= 1
    assert panel_description(page) == ["70 miles north of Kabul"]
    # A click on the name inside the description still selects the named place.
    page.locator(".pa-reader mark.derived mark.place", has_text="Kabul").first.click()
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.trim() === 'Kabul'",
                           timeout=TIMEOUT)


def test_hostile_text_around_a_description_stays_text(page, server, shoot):
    paste(page, server, HOSTILE)
    frame = map_frame(page)
    frame.wait_for_function(AREAS_JS.replace("return out; }", "return out.length > 0; }"), timeout=TIMEOUT)
    mark = page.locator(".pa-reader mark.derived").first
    assert mark.inner_text() == "30 miles north of Kabul"
    mark.click(position={"x": 4, "y": 6})
    page.wait_for_function("() => document.querySelector('.pa-facts h4')?.innerText.includes('30 miles north')",
                           timeout=TIMEOUT)
    (area,) = frame.evaluate(AREAS_JS)
    click_area(page, frame, area)            # the map's tooltip too
    frame.locator(".leaflet-tooltip").first.wait_for(timeout=TIMEOUT)
    passage = page.locator(".pa-passages").inner_text()
    assert "<b>x</b>" in passage and "<img src=x onerror=alert(1)>" in passage and "</script><script>" in passage
    assert "<b>x</b>" in page.locator(".pa-reader").inner_text()
    injected = "() => document.querySelectorAll('img[src=\"x\"], .pa-reader b, .pa-passages b, .pa-reader script').length"
    assert page.evaluate(injected) == 0
    assert frame.evaluate(injected) == 0
    assert "30 miles north of Kabul" in frame.locator(".leaflet-tooltip").first.inner_text()
    shoot(page, "hostile")
    assert page.dialogs == []
