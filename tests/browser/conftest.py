"""Browser-test helpers. The session fixtures (data folder, server, chromium) live in
``tests/browser_session.py``, a plugin of the root conftest, so every test folder
that drives a browser shares one server and one Playwright (two sync Playwrights in
one process cannot run)."""

from __future__ import annotations

import pytest

from tests.browser_session import (  # noqa: F401  (re-exported for tests and benches)
    CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, REPO, SCREENSHOTS, free_port, start_server,
)


def offline_page(browser, base_url: str):
    """A fresh browser context (a new Streamlit session) that may only reach ``base_url``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
               else route.abort())
    return context, page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keeps each phase's report on the test, so the page fixture can tell a failure.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, server, request):
    context, page = offline_page(browser, server)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # What the page showed when the test failed: the one clue a flaky CI run leaves.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-FAILED.png"), full_page=True)
        except Exception as exc:    # a page that crashed has nothing to show; the failure stands
            print(f"no screenshot of the failed page: {exc}")
    context.close()
    assert not dialogs, f"a dialog fired: {dialogs}"


@pytest.fixture
def shoot(request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, step: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-{step}.png"), full_page=True)
    return take
