"""The command line: ``parse`` an article (or a JSONL batch) and ``evaluate`` on gold data.

Every failure the user can cause ends in a one-line ``error: ...`` message and exit
status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from gazetteer import open_gazetteer
from gazetteer.errors import InputError, PassageAtlasError
from geo import evaluate as evaluation
from geo.batch_input import BadLine, first_bad_line, read_batch
from geo.corpus.command import add_batch_parser, run_batch_command
from geo.export import to_csv, to_geojson, to_kml
from geo.inputs import decode_bytes, read_article_file, read_standard_input
from geo.pipeline import RULE_NAMES, parse
from geo.records import jsonl_line

FORMATS = {"geojson": lambda result, title: json.dumps(to_geojson(result, title=title), ensure_ascii=False, indent=1),
           "csv": lambda result, title: to_csv(result),
           "kml": lambda result, title: to_kml(result, title=title)}


def _parse_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.jsonl:
        return _parse_jsonl(args, out, err)
    if args.article is None:
        raise InputError("Name an article file (or '-' for standard input), or use --jsonl DOCS.jsonl")
    if args.article == "-":
        article = decode_bytes(read_standard_input(), filename=None)
    else:
        article = read_article_file(args.article)
    gazetteer = open_gazetteer()
    result = parse(article.text, gazetteer, caption_spans=article.caption_spans)
    _note_unread(result, args.article, err)
    out.write(FORMATS[args.format](result, article.title))
    out.write("\n")
    return 0


def _parse_jsonl(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Without --skip-bad every line is checked before any is parsed, so a bad line never
    # leaves half a batch; with it, each bad line is reported and the batch goes on.
    if not args.skip_bad:
        bad = first_bad_line(args.jsonl, given_spans=args.given_spans)
        if bad is not None:
            raise InputError(bad.message)
    gazetteer = open_gazetteer()
    count = skipped = 0
    for item in read_batch(args.jsonl, given_spans=args.given_spans):
        if isinstance(item, BadLine):
            skipped += 1
            print(f"skipped: {item.message}", file=err)
            continue
        # The text exactly as the line has it: parse maps its offsets back onto it.
        result = parse(item.text, gazetteer, given_spans=item.spans)
        _note_unread(result, f"{args.jsonl}:{item.line}", err)
        out.write(jsonl_line(item.id, result))
        out.write("\n")
        count += 1
        if count % 50 == 0:
            print(f"parsed {count} documents", file=err)
    print(f"parsed {count} documents" + (f", skipped {skipped} bad lines" if skipped else ""), file=err)
    return 0


def _note_unread(result, where: str, err: TextIO) -> None:
    """Say where an article naming too many possible places stopped being read."""
    if result.unread_from is not None:
        print(f"note: {where}: read up to character {result.unread_from:,} of {len(result.text):,}: the rest "
              "names more possible places than the limit (PASSAGE_ATLAS_MAX_MENTIONS)", file=err)


def _engine_parse():
    gazetteer = open_gazetteer()
    return (lambda text: parse(text, gazetteer)), gazetteer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Passage Atlas geoparser")
    commands = parser.add_subparsers(dest="command", required=True)
    parse_parser = commands.add_parser("parse", help="find and resolve the places an article names")
    parse_parser.add_argument("article", nargs="?", help="a .txt, .md or .html file, or - for standard input")
    parse_parser.add_argument("--format", choices=sorted(FORMATS), default="geojson")
    parse_parser.add_argument("--jsonl", metavar="DOCS.jsonl", help='one {"id", "text"} object per line')
    parse_parser.add_argument("--given-spans", action="store_true",
                              help='with --jsonl: resolve the documents\' own "toponyms" spans')
    parse_parser.add_argument("--skip-bad", action="store_true",
                              help="with --jsonl: report each unusable line and go on, instead of refusing the batch")
    commands.add_parser("evaluate", help="score the engine on a gold JSONL corpus", add_help=False)
    add_batch_parser(commands)
    commands.add_parser("spatial-eval", help="score spatial descriptions on a gold JSONL", add_help=False)
    return parser


def _engine_predict(*, without: frozenset[str] = frozenset()) -> evaluation.Predict:
    unknown = sorted(without - set(RULE_NAMES))
    if unknown:
        raise InputError(f"unknown rule {', '.join(map(repr, unknown))}; the rules are: {', '.join(RULE_NAMES)}")
    return evaluation.engine_predict(parse, open_gazetteer(), without=without)


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = stdout or sys.stdout, stderr or sys.stderr
    if argv[:1] == ["evaluate"]:
        return evaluation.main(argv[1:], make_predict=_engine_predict, stdout=out, stderr=err)
    if argv[:1] == ["spatial-eval"]:
        from geo.spatial import evaluate as spatial_evaluation
        return spatial_evaluation.main(argv[1:], make_parse=_engine_parse, stdout=out, stderr=err)
    args = build_parser().parse_args(argv)
    try:
        if args.command == "batch":
            return run_batch_command(args, stderr=err)
        return _parse_command(args, out, err)
    except PassageAtlasError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=err)
        return 130
