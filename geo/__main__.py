"""``python -m geo parse ARTICLE`` and ``python -m geo evaluate GOLD.jsonl``."""

from __future__ import annotations

import os
import sys

from geo.cli import main


def _run() -> int:
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader of our output went away (``... | head``): nothing is lost that
        # anyone reads, so end quietly. Python would otherwise print a traceback, and
        # again at exit when it flushes stdout, so stdout goes to devnull first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(_run())
