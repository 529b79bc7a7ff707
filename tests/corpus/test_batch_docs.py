"""docs/BATCH.md documents every column of the mentions table and every batch option."""

from __future__ import annotations

import re
from pathlib import Path

from geo.cli import build_parser
from geo.corpus.tables import DOCUMENT_COLUMNS, MENTIONS_SCHEMA

BATCH_DOC = (Path(__file__).resolve().parents[2] / "docs" / "BATCH.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = BATCH_DOC.index(title)
    end = BATCH_DOC.find("\n### ", start + 1)
    return BATCH_DOC[start:end if end > 0 else None]


def test_every_column_is_documented():
    for table, columns in (("### `mentions`", MENTIONS_SCHEMA.names), ("### `documents`", list(DOCUMENT_COLUMNS))):
        documented = set(re.findall(r"`([a-z_0-9]+)`", section(table)))
        assert set(columns) <= documented, set(columns) - documented


def test_every_option_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    options = {flag for action in commands["batch"]._actions for flag in action.option_strings if flag.startswith("--")}
    missing = {flag for flag in options - {"--help"} if f"`{flag}" not in BATCH_DOC}
    assert not missing
