"""``python -m gazetteer build [--path P] [--countries AF,US]``: build the gazetteer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gazetteer.build import build
from gazetteer.errors import PassageAtlasError
from gazetteer.paths import default_gazetteer_path
from gazetteer.store import Gazetteer


def _usable(path: str | None) -> bool:
    try:
        gazetteer = Gazetteer.open(Path(path) if path else default_gazetteer_path())
    except PassageAtlasError:
        return False
    gazetteer.close()
    return not gazetteer.is_stale()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gazetteer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="build the offline gazetteer (SQLite)")
    build_parser.add_argument("--path", help="where to write it (default: the data folder)")
    build_parser.add_argument("--if-missing", action="store_true",
                              help="do nothing when a complete, up-to-date gazetteer is already there")
    build_parser.add_argument("--countries", help="only these ISO codes, comma-separated (for small test gazetteers)")
    args = parser.parse_args(argv)
    countries = [c.strip().upper() for c in args.countries.split(",")] if args.countries else None
    try:
        if args.if_missing and _usable(args.path):
            print("gazetteer already built", file=sys.stderr)
            return 0
        build(args.path, countries=countries, progress=lambda message: print(message, file=sys.stderr))
    except PassageAtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
