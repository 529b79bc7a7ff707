"""Reliability tests share the browser tests' server, data folder and offline chromium
(the session fixtures of ``tests/browser_session.py``)."""
