"""Batch figures: ``python -m geo batch`` on 1 and 2 workers against one ``parse --jsonl``.

    python bench/batch_bench.py [--documents 100000] [--workers 1,2] [--baseline-documents 5000] [--keep DIR]

Builds a synthetic corpus (seeded) by recombining paragraphs of the sample article
and of the texts written for the tests (never an evaluation corpus), then prints, each
beside its target: documents/s and words/s with each worker count, the speed-up of 2
workers over 1, per-core throughput against a single-process ``parse --jsonl`` over
the same documents, peak RSS per worker, the projected hours for 10 million documents
on 32 cores, the driver's peak RSS, and the corpus view's open and click times over the
2-worker output (``bench/corpus_click_bench.py``).

Every rate is wall-clock, start-up included (cluster start, gazetteer open), as a
user would time the command; on a machine shared with other work the figures are noisy,
so compare ratios from one run. Beside them, the CPU seconds per document (the workers'
and the driver's against ``parse --jsonl``'s own), which other work on the machine does
not move: where the batch costs more than parsing, it shows there.

The corpus is written line by line and every stage streams it, so memory stays bounded
at any ``--documents``. ``parse --jsonl`` runs over the first ``--baseline-documents``
(default 5,000): its per-document rate is what the comparison needs, and at 100,000
documents a single process alone would take over half an hour.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from geo.corpus.progress import BatchSummary  # noqa: E402
from geo.corpus.run import BatchOptions, run_batch  # noqa: E402
from tests.corpus.corpus_texts import PARAGRAPHS, SOURCES  # noqa: E402

SAMPLE = ROOT / "sample" / "budding-resistance-to-the-taliban-2021-08-25.md"
TARGET_SPEEDUP = 1.8
TARGET_PER_CORE = 0.85
TARGET_RSS_MB = 600
PROJECTED_DOCUMENTS = 10_000_000
PROJECTED_CORES = 32
BENCH_DOCUMENTS = 100_000                # what the issue asks the bench to build


def paragraphs() -> list[str]:
    sample = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")]
    return [p for p in sample if len(p) > 80 and not p.startswith("#")] + list(PARAGRAPHS)


def write_corpus(path: Path, count: int, *, seed: int = 13) -> int:
    """``count`` documents of 2-6 recombined paragraphs; returns the number of words."""
    rng = random.Random(seed)
    pool = paragraphs()
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = "\n\n".join(rng.sample(pool, rng.randint(2, 6)))
            words += len(text.split())
            handle.write(json.dumps({"id": f"syn-{n:07d}", "text": text, "date": f"20{20 + n % 6}-{1 + n % 12:02d}-15",
                                     "source": SOURCES[n % 2]}) + "\n")
    return words


def first_lines(path: Path, out: Path, count: int) -> Path:
    """The first ``count`` lines of ``path``, copied line by line."""
    with path.open("rb") as source, out.open("wb") as target:
        for n, line in enumerate(source):
            if n >= count:
                break
            target.write(line)
    return out


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_parse_jsonl(path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``parse --jsonl`` process over ``path``."""
    started, cpu = time.perf_counter(), children_cpu()
    subprocess.run([sys.executable, "-m", "geo", "parse", "--jsonl", str(path)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, children_cpu() - cpu


def time_parse_jsonl_together(path: Path, processes: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``processes`` ``parse --jsonl`` processes over
    ``path`` started together: what this machine gives several cores' worth of the
    same pure-Python work, with no Dask at all (the ceiling of a batch's speed-up)."""
    started, cpu = time.perf_counter(), children_cpu()
    running = [subprocess.Popen([sys.executable, "-m", "geo", "parse", "--jsonl", str(path)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(processes)]
    if any(process.wait() != 0 for process in running):
        raise SystemExit("parse --jsonl failed")
    return time.perf_counter() - started, children_cpu() - cpu


def time_batch(path: Path, out: Path, workers: int) -> tuple[BatchSummary, float]:
    """One batch run in this process; its summary and the driver's CPU seconds."""
    driver_cpu = time.process_time()
    summary, failed = run_batch(BatchOptions(inputs=(str(path),), output=out, workers=workers),
                                stderr=io.StringIO())
    if failed or summary.errors:
        raise SystemExit(f"batch run failed: {failed or summary.errors}")
    return summary, time.process_time() - driver_cpu


def slices(path: Path, folder: Path, rounds: int, total: int) -> list[tuple[Path, int]]:
    """``path`` cut into ``rounds`` consecutive files of about equal size (documents each)."""
    size = -(-total // rounds)
    found = []
    with path.open("rb") as source:
        for number in range(rounds):
            target = folder / f"slice-{number}.jsonl"
            count = 0
            with target.open("wb") as out:
                for line in source:
                    out.write(line)
                    count += 1
                    if count >= size:
                        break
            if count:
                found.append((target, count))
    return found


def driver_peak_rss(path: Path, out: Path, workers: int) -> float:
    """The driver's peak RSS in MB over one ``python -m geo batch`` process (as its summary says)."""
    done = subprocess.run([sys.executable, "-m", "geo", "batch", str(path), "--out", str(out),
                           "--workers", str(workers)], cwd=ROOT, capture_output=True, text=True)
    found = re.search(r"driver ([\d,]+) MB", done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"batch run failed: {done.stderr[-2000:]}")
    return float(found.group(1).replace(",", ""))


@dataclass(slots=True)
class Totals:
    """One worker count's runs summed over the rounds."""

    seconds: float = 0.0
    documents: int = 0
    words: int = 0
    worker_cpu: float = 0.0
    driver_cpu: float = 0.0
    peak_rss_mb: float = 0.0
    # Per phase of the runs (geo.corpus.phases): [wall s, driver CPU s, workers CPU s, documents]
    phases: dict[str, list[float]] = field(default_factory=dict)

    def add(self, summary: BatchSummary, driver_cpu: float) -> None:
        self.seconds += summary.seconds
        self.documents += summary.parsed
        self.words += summary.words
        self.worker_cpu += summary.worker_cpu_seconds
        self.driver_cpu += driver_cpu
        self.peak_rss_mb = max(self.peak_rss_mb, summary.peak_worker_rss_mb)
        for phase in summary.phases:
            sums = self.phases.setdefault(phase.name, [0.0, 0.0, 0.0, 0])
            for n, value in enumerate((phase.seconds, phase.driver_cpu_seconds, phase.workers_cpu_seconds,
                                       phase.documents)):
                sums[n] += value

    @property
    def rate(self) -> float:
        return self.documents / self.seconds


def print_phases(total: Totals, workers: int) -> None:
    """Where the runs' time went, phase by phase: wall clock and its share, CPU seconds
    of the driver and of the workers (and their share of the cores the run held), the
    rate of the phases that finish documents."""
    wall = sum(sums[0] for sums in total.phases.values()) or 1e-9
    cores = workers + 1     # the driver's own process beside the workers
    print(f"  where the time went ({workers} worker{'s' if workers > 1 else ''}; "
          "CPU shares are of the phase's wall clock times the workers + the driver):")
    print(f"    {'phase':<18}{'wall s':>8}{'share':>7}{'driver CPU':>12}{'workers CPU':>13}{'CPU use':>9}"
          f"{'docs':>7}{'docs/s':>9}")
    for name, (seconds, driver, workers_cpu, documents) in total.phases.items():
        use = (driver + workers_cpu) / (seconds * cores) if seconds > 0 else 0.0
        rate = f"{documents / seconds:9,.1f}" if documents and seconds > 0 else f"{'':>9}"
        print(f"    {name:<18}{seconds:8.2f}{seconds / wall:7.0%}{driver:12.2f}{workers_cpu:13.2f}{use:9.0%}"
              f"{int(documents):7,}{rate}")


STEADY_PHASES = ("steady", "tail")


def steady_rate(total: Totals) -> float:
    """Documents per second between the first and the last finished partition."""
    seconds = sum(total.phases.get(name, [0.0])[0] for name in STEADY_PHASES)
    documents = sum(total.phases.get(name, [0, 0, 0, 0])[3] for name in STEADY_PHASES)
    return documents / seconds if seconds > 0 else 0.0


def fixed_seconds(total: Totals) -> float:
    """Wall-clock seconds the runs spent beyond parsing every document at the steady rate."""
    rate = steady_rate(total)
    return total.seconds - (total.documents / rate if rate > 0 else 0.0)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", "--docs", type=int, default=100_000, help="documents in the synthetic corpus")
    parser.add_argument("--rounds", type=int, default=4,
                        help="the corpus is cut into this many slices; each worker count runs on each, "
                             "interleaved; the time of the whole is projected after the first")
    parser.add_argument("--driver-memory", default="2000,20000",
                        help="corpus sizes at which to measure the driver's peak RSS (separate runs; '' for none)")
    parser.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    parser.add_argument("--baseline-documents", type=int, default=5000,
                        help="documents parse --jsonl times (the first ones of the corpus)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and outputs in this folder")
    args = parser.parse_args(argv)
    worker_counts = [int(w) for w in args.workers.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="batch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.jsonl"
    words = write_corpus(corpus, args.documents)
    print(f"synthetic corpus: {args.documents:,} documents, {words:,} words ({words / args.documents:.0f} per document)")

    baseline_documents = min(args.documents, args.baseline_documents)
    baseline = corpus if baseline_documents == args.documents else \
        first_lines(corpus, folder / "baseline.jsonl", baseline_documents)
    single, single_cpu = time_parse_jsonl(baseline)
    single_rate = baseline_documents / single
    single_cpu_ms = 1000 * single_cpu / baseline_documents
    print(f"parse --jsonl, one process, first {baseline_documents:,} documents: {single:.1f} s, "
          f"{single_rate:,.1f} docs/s, {words / args.documents * single_rate:,.0f} words/s, "
          f"CPU {single_cpu_ms:.1f} ms per document")

    most = max(worker_counts)
    if most > 1:
        together, together_cpu = time_parse_jsonl_together(baseline, most)
        ceiling = most * single / together
        print(f"the machine's own ceiling: {most} parse --jsonl processes at once over the same documents: "
              f"{together:.1f} s, {ceiling:.2f}x one process's throughput, CPU "
              f"{1000 * together_cpu / (most * baseline_documents):.1f} ms per document (alone "
              f"{single_cpu_ms:.1f}): a batch's speed-up cannot beat this")
    # Interleaved: each round runs every worker count on its own slice of the corpus (the
    # order flipped every round), so a change in the machine's load weighs on all alike.
    totals = {workers: Totals() for workers in worker_counts}
    started = time.perf_counter()
    corpus_slices = slices(corpus, folder, args.rounds, args.documents)
    for number, (piece, count) in enumerate(corpus_slices):
        order = worker_counts if number % 2 == 0 else worker_counts[::-1]
        for workers in order:
            summary, driver_cpu = time_batch(piece, folder / f"out-{workers}-{number}", workers)
            totals[workers].add(summary, driver_cpu)
            print(f"  round {number + 1}/{len(corpus_slices)}, {workers} worker{'s' if workers > 1 else ''}, "
                  f"{count:,} documents: {summary.seconds:.1f} s, {summary.documents_per_second:,.1f} docs/s",
                  flush=True)
        if number == 0 and len(corpus_slices) > 1:
            spent = time.perf_counter() - started
            print(f"projection after the first {count:,} documents: the {len(corpus_slices)} rounds take about "
                  f"{spent * args.documents / count / 60:,.0f} min in all ({spent / 60:,.1f} min so far; "
                  f"load average {os.getloadavg()[0]:.1f})", flush=True)
    rates: dict[int, float] = {}
    for workers, total in totals.items():
        rates[workers] = total.rate
        print(f"batch, {workers} worker{'s' if workers > 1 else ''}: {total.seconds:.1f} s, "
              f"{total.rate:,.1f} docs/s, {total.words / total.seconds:,.0f} words/s, "
              f"peak worker RSS {total.peak_rss_mb:,.0f} MB (target < {TARGET_RSS_MB}, "
              f"{verdict(total.peak_rss_mb < TARGET_RSS_MB)}); the driver (reading, scheduler, "
              f"place index) used {total.driver_cpu:.1f} s of CPU, {total.driver_cpu / total.seconds:.0%} of a core")
        cpu_ms = 1000 * (total.worker_cpu + total.driver_cpu) / total.documents
        print(f"  CPU per document: {cpu_ms:.1f} ms (workers {1000 * total.worker_cpu / total.documents:.1f}, "
              f"driver {1000 * total.driver_cpu / total.documents:.1f}); parse --jsonl's {single_cpu_ms:.1f} ms is "
              f"{single_cpu_ms / cpu_ms:.0%} of it (target >= {TARGET_PER_CORE:.0%}, "
              f"{verdict(single_cpu_ms / cpu_ms >= TARGET_PER_CORE)})")
        print_phases(total, workers)
    if 1 in rates and 2 in rates:
        speedup = rates[2] / rates[1]
        print(f"speed-up 2 workers / 1 worker: {speedup:.2f}x (target >= {TARGET_SPEEDUP}x, "
              f"{verdict(speedup >= TARGET_SPEEDUP)})")
        steady = {w: steady_rate(totals[w]) for w in (1, 2)}
        fixed = {w: fixed_seconds(totals[w]) for w in (1, 2)}
        print(f"  of which the steady state (first to last finished partition, tail included): "
              f"{steady[1]:,.1f} -> {steady[2]:,.1f} docs/s, {steady[2] / steady[1]:.2f}x; the phases that "
              f"parse nothing (start-up, first partition's warm-up beyond the steady rate, place index, close) "
              f"took {fixed[1]:.1f} s / {fixed[2]:.1f} s")
    most = max(rates)
    per_core = rates[most] / most
    print(f"per-core throughput with {most} workers vs parse --jsonl: {per_core / single_rate:.0%} "
          f"(target >= {TARGET_PER_CORE:.0%}, {verdict(per_core / single_rate >= TARGET_PER_CORE)})")
    hours = PROJECTED_DOCUMENTS / (per_core * PROJECTED_CORES) / 3600
    print(f"projected: {PROJECTED_DOCUMENTS:,} documents of this size on {PROJECTED_CORES} cores "
          f"at this per-core rate: {hours:.1f} hours")
    at_full = min(BENCH_DOCUMENTS, args.baseline_documents) / single_rate + sum(
        BENCH_DOCUMENTS / rates[w] for w in rates)
    print(f"projection, not a measurement: this bench at {BENCH_DOCUMENTS:,} documents (baseline "
          f"{min(BENCH_DOCUMENTS, args.baseline_documents):,}) would take about {at_full / 60:,.0f} min "
          f"at these rates, plus writing the corpus")
    sizes = sorted({min(int(n), args.documents) for n in args.driver_memory.split(",") if n})
    if sizes:
        peaks = {n: driver_peak_rss(first_lines(corpus, folder / f"first-{n}.jsonl", n), folder / f"driver-{n}", most)
                 for n in sizes}
        print("driver peak RSS (python -m geo batch, " f"{most} workers): " +
              ", ".join(f"{peaks[n]:,.0f} MB at {n:,} documents" for n in sizes) +
              (f"; growth {peaks[sizes[-1]] - peaks[sizes[0]]:+,.0f} MB" if len(sizes) > 1 else ""))
    from corpus_click_bench import time_view
    time_view(folder / f"out-{most}-0", None, 20, f"corpus view over the {most}-worker output of round 1")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if not args.keep:
        print(f"(corpus and outputs in {folder}; delete it when done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
