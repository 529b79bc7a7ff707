"""Which tests need each rule: run the engine's tests with one rule switched off.

    python bench/rule_tests.py [--rules RULE ...] [--markdown]

The dev corpora measure a rule by what it moves there (bench/rule_ablation.py); many
rules serve classes of text the corpora hardly contain (structures, abbreviations,
"Gary, IN"), written as tests for the purpose. This prints, for each rule, how many of
those tests fail without it and which: a rule no test and no corpus needs is a rule to
remove or merge. Uses pytest's ``--rule-off`` option (tests/conftest.py), which reaches
every recognition ``Context`` and the pipeline's resolution. About a minute a rule.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.pipeline import RULE_NAMES  # noqa: E402

# The tests that read texts through the engine; the fast set only.
TEST_DIRS = ("tests/recognition", "tests/engine", "tests/spatial")
FAILED = re.compile(r"^FAILED (\S+)", re.MULTILINE)


def failing_tests(rule: str | None) -> list[str]:
    """The fast engine tests that fail with ``rule`` off (none given: all rules on)."""
    command = [sys.executable, "-m", "pytest", *TEST_DIRS, "-q", "-p", "no:cacheprovider", "-rf",
               "-m", "not slow and not browser"]
    if rule:
        command += ["--rule-off", rule]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"error: pytest stopped for {rule or 'all rules on'}: {run.stdout[-400:]}{run.stderr[-400:]}")
    return FAILED.findall(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", nargs="*", default=list(RULE_NAMES), help="only these rules")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    baseline = failing_tests(None)
    if baseline:
        raise SystemExit(f"error: {len(baseline)} tests fail with every rule on: {', '.join(baseline[:5])}")
    if args.markdown:
        print("| rule | tests failing without it | which |\n|---|---|---|")
    for rule in args.rules:
        failed = failing_tests(rule)
        which = ", ".join(name.split("::")[-1] for name in failed[:4]) + (" ..." if len(failed) > 4 else "")
        print(f"| `{rule}` | {len(failed)} | {which} |" if args.markdown else f"{rule:40s} {len(failed):3d}  {which}",
              flush=True)


if __name__ == "__main__":
    main()
