"""``python -m geo batch``: the command line of a batch run.

Exit status: 0 when every document parsed, 1 when some document (or partition)
failed (each failed document is a row of the ``documents`` table with its error),
2 for a usage error (bad input path, output folder in use), 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from geo.corpus.output import FORMATS
from geo.corpus.partitions import DEFAULT_PARTITION_DOCUMENTS
from geo.corpus.run import BatchOptions, run_batch
from geo.corpus.sources import ReadOptions
from geo.evaluate import whole_number_at_least


_count = whole_number_at_least(1)


def add_batch_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``batch`` on the ``python -m geo`` command line."""
    batch = commands.add_parser(
        "batch", help="geoparse a corpus on Dask into Parquet tables",
        description="Geoparse a corpus (JSONL, gzip JSONL, folders of articles, Parquet) on a Dask cluster "
                    "into the tables mentions, documents and places. See docs/BATCH.md.")
    batch.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="JSONL (.jsonl, .jsonl.gz) or Parquet files, or folders of .txt/.md/.html; globs allowed")
    batch.add_argument("--out", "-o", required=True, type=Path, metavar="FOLDER", help="output folder")
    batch.add_argument("--format", dest="output_format", choices=FORMATS, default="parquet",
                       help="table files: parquet (default) or jsonl (the same records as JSON lines)")
    batch.add_argument("--workers", type=_count, default=None, metavar="N",
                       help="worker processes of the local cluster (default: one per core)")
    batch.add_argument("--scheduler", metavar="tcp://HOST:PORT", default=None,
                       help="run on an existing Dask cluster instead of a local one")
    batch.add_argument("--resume", action="store_true",
                       help="finish an interrupted run: skip the partitions already written")
    batch.add_argument("--apply-corrections", action="store_true",
                       help="apply the dashboard workspace's corrections to documents saved there")
    batch.add_argument("--text-column", default="text", help="Parquet inputs: the column holding the text")
    batch.add_argument("--id-column", default="id", help="Parquet inputs: the column holding the document id")
    batch.add_argument("--partition-size", type=_count, default=DEFAULT_PARTITION_DOCUMENTS, metavar="DOCS",
                       help=f"documents per partition (default {DEFAULT_PARTITION_DOCUMENTS})")


def run_batch_command(args: argparse.Namespace, *, stderr: TextIO) -> int:
    """Run ``batch`` with parsed arguments; errors of the user's making raise
    ``PassageAtlasError`` for the caller to print as one line."""
    options = BatchOptions(
        inputs=tuple(args.inputs), output=args.out, output_format=args.output_format, workers=args.workers,
        scheduler=args.scheduler, resume=args.resume, apply_corrections=args.apply_corrections,
        read=ReadOptions(text_column=args.text_column, id_column=args.id_column),
        partition_documents=args.partition_size,
    )
    summary, failed_partitions = run_batch(options, stderr=stderr)
    print(summary.text(), file=stderr)
    if summary.errors:
        print(f"{summary.errors:,} documents failed: their rows in {args.out}/part-*/documents.* "
              "carry the error", file=stderr)
    if failed_partitions:
        print(f"{len(failed_partitions)} partitions failed; run again with --resume to retry them", file=stderr)
    return 1 if summary.errors or failed_partitions else 0
