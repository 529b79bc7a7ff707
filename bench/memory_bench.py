"""Server memory for the largest accepted article: peak while it is pasted and read, and
settled after it is closed.

A real Streamlit server on a fresh data folder, a real headless Debian chromium: the
12 MB paste ``"Kabul " * 2_000_000`` goes in through the Articles page; the server's
RSS (and its parse worker's, separately) is sampled ten times a second. "Closed": the
browser session that opened it ends, then the server is left 20 s to settle.
Targets (issue 10): server peak under 1.5 GB, settled under 600 MB.

    python bench/memory_bench.py                  # own server, temp gazetteer
    PASSAGE_ATLAS_DATA=var python bench/memory_bench.py
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.heavy_paste import RssSampler, paste_heavy  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402

PEAK_TARGET_MB = 1500
SETTLED_TARGET_MB = 600


async def _drive(base: str, sampler: RssSampler) -> dict[str, float]:
    from playwright.async_api import async_playwright
    figures = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        page = await context.new_page()
        await page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                         else route.abort())
        await page.goto(base, timeout=120_000)
        await page.get_by_role("link", name="Articles").first.wait_for(timeout=120_000)
        await asyncio.sleep(3)
        figures["before"] = sampler.now()
        sampler.server_peak = figures["before"]
        phases: dict = {}
        figures["read_s"] = await paste_heavy(page, base, phases=phases)
        figures.update(phases)
        figures["open"] = sampler.now()
        await context.close()
        await browser.close()
    return figures


def main() -> None:
    from bench.browser_bench import data_folder
    source = data_folder()
    folder = Path(tempfile.mkdtemp(prefix="atlas-memory-"))
    shutil.copyfile(source / "gazetteer.sqlite", folder / "gazetteer.sqlite")
    port = free_port()
    proc = start_server(folder, port)
    sampler = RssSampler(proc.pid)
    try:
        figures = asyncio.run(_drive(f"http://127.0.0.1:{port}", sampler))
        time.sleep(20)
        settled = sampler.now()
    finally:
        sampler.stop()
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    peak, workers = sampler.server_peak, sampler.workers_peak
    print(f"12 MB paste (\"Kabul \" * 2,000,000): saved and opened after {figures['saved_s']:.1f} s, "
          f"read after {figures['read_s']:.1f} s")
    print(f"server RSS before: {figures['before']:.0f} MB; with the article open: {figures['open']:.0f} MB")
    print(f"server RSS peak: {peak:.0f} MB (target < {PEAK_TARGET_MB}: {'met' if peak < PEAK_TARGET_MB else 'NOT met'})")
    print(f"server RSS settled, 20 s after the session closed: {settled:.0f} MB "
          f"(target < {SETTLED_TARGET_MB}: {'met' if settled < SETTLED_TARGET_MB else 'NOT met'})")
    print(f"parse worker RSS peak (a separate process, gone when done): {workers:.0f} MB")


if __name__ == "__main__":
    main()
