"""Reliability tests reuse the browser tests' server, data folder and offline chromium."""

from __future__ import annotations

from tests.browser.conftest import atlas_data, browser, server  # noqa: F401  (fixtures)
