"""``python -m geo parse ARTICLE`` and ``python -m geo evaluate GOLD.jsonl``."""

from __future__ import annotations

import sys

from geo.cli import main

if __name__ == "__main__":
    sys.exit(main())
