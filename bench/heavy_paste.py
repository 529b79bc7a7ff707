"""The heaviest accepted paste, driven through a real browser, and the server's memory.

Shared by ``bench/memory_bench.py`` (peak and settled RSS) and ``bench/load_test.py
--heavy-paste`` (other readers' clicks while it is read). The text is put into the
text box through the page's own input event (typing 12 MB key by key would measure
Playwright, not the app), then "Find the places" is clicked as a reader would.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# The largest article the dashboard accepts: 12,000,000 bytes.
HEAVY_TEXT = "Kabul " * 2_000_000
READ_TIMEOUT_MS = 600_000

SET_TEXTAREA_JS = """(text) => {
    const area = [...document.querySelectorAll('textarea')].find(a => a.getAttribute('aria-label')?.startsWith('Paste the article text'));
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
    setter.call(area, text);
    area.dispatchEvent(new Event('input', {bubbles: true}));
    return area.value.length;
}"""
# Read: the notice of a saved article shown, and no progress bar left.
READ_JS = """() => !document.querySelector('[data-testid="stProgress"]')
    && [...document.querySelectorAll('[data-testid="stAlert"], [data-testid="stHtml"]')].some(e => /places/.test(e.innerText))"""


async def paste_heavy(page, base: str, text: str = HEAVY_TEXT, phases: dict | None = None) -> float:
    """Paste ``text`` on the Articles page and wait until it is read; seconds taken
    (``phases["saved_s"]``: until the article was saved and opened)."""
    phases = {} if phases is None else phases
    # Through the navigation, as a reader goes: a page's own URL skips app.py's set-up.
    await page.goto(base, timeout=120_000)
    await page.locator('iframe[title="streamlit_folium.st_folium"]').first.wait_for(timeout=300_000)
    # On a loaded machine a click on the navigation can land before the page is live.
    for _attempt in range(30):
        try:
            await page.get_by_role("link", name="Articles").first.click(timeout=10_000)
            await page.get_by_text("Add an article").first.wait_for(timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - click again
            continue
    length = await page.evaluate(SET_TEXTAREA_JS, text)
    assert length == len(text), length
    await page.wait_for_timeout(500)
    started = time.perf_counter()
    # The renderer is busy laying out 12 MB of text box: give the click time.
    await page.get_by_role("button", name="Find the places").click(timeout=READ_TIMEOUT_MS)
    await page.get_by_text("Saved and opened", exact=False).first.wait_for(timeout=READ_TIMEOUT_MS)
    phases["saved_s"] = time.perf_counter() - started
    await page.wait_for_function(READ_JS, timeout=READ_TIMEOUT_MS, polling=500)
    return time.perf_counter() - started


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


@dataclass
class RssSampler:
    """Samples the server's RSS, and its worker processes', ten times a second."""

    pid: int
    server_peak: float = 0.0
    workers_peak: float = 0.0
    samples: list[tuple[float, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            server = _rss_mb(self.pid)
            workers = sum(_rss_mb(child) for child in _children(self.pid))
            self.server_peak = max(self.server_peak, server)
            self.workers_peak = max(self.workers_peak, workers)
            self.samples.append((time.monotonic(), server, workers))
            self._stop.wait(0.1)

    def now(self) -> float:
        return _rss_mb(self.pid)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)


def server_env_note() -> str:
    return f"PASSAGE_ATLAS_MAX_MENTIONS={os.environ.get('PASSAGE_ATLAS_MAX_MENTIONS', 'default')}"
