"""Where the ten-reader time goes: the load test (bench/load_test.py) with the CPU of the
Streamlit server and of every chromium process sampled from /proc, and the websocket
traffic of each session counted (messages and bytes, while loading and while clicking).

    python bench/load_profile.py                      # 10 sessions, 60 s, one chromium
    python bench/load_profile.py --browsers 10        # each reader its own chromium
    python bench/load_profile.py --sessions 1 --duration 20
    python bench/load_profile.py --checkout /tmp/main   # the server from another checkout (before/after)

Prints, for the page-load phase and for the clicking phase: wall seconds, server CPU
seconds (user+system), chromium CPU seconds by process kind (browser, renderer, gpu,
utility), the machine's idle share, and websocket messages and bytes per session.
A click answered in the browser sends nothing to the server: "sent while clicking"
counts the reruns the clicks caused.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.load_test import LoadReport, percentile, run_load, warm_up  # noqa: E402
from tests.browser.conftest import free_port, start_server  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK   # utime, stime


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def _chromium_kind(pid: int) -> str | None:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    if not argv or b"chromium" not in argv[0]:
        return None
    # Zygote-forked children rewrite their title: the arguments may be one string.
    found = b" ".join(argv).split(b"--type=", 1)
    return found[1].split()[0].decode() if len(found) == 2 else "browser"


def _descends_from(pid: int, root: int) -> bool:
    for _ in range(20):
        if pid in (0, 1):
            return False
        if pid == root:
            return True
        pid = _parent(pid)
    return False


def _idle_seconds() -> float:
    # /proc/stat's first line ("cpu", summed over cores): its 4th and 5th values are idle and iowait ticks.
    values = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    return (int(values[3]) + int(values[4])) / TICK


class CpuSampler:
    """CPU seconds of the server and of this process's chromiums, by phase; a process's
    last reading is kept so one that exits still counts."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.last: dict[int, tuple[str, float]] = {}
        self.marks: list[tuple[str, float, dict[str, float], float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _scan(self) -> None:
        me = os.getpid()
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                pid = int(entry)
                kind = self.last[pid][0] if pid in self.last else _chromium_kind(pid)
                if kind is not None and (pid in self.last or _descends_from(pid, me)):
                    self.last[pid] = (kind, _cpu_seconds(pid))

    def totals(self) -> dict[str, float]:
        self._scan()
        out: dict[str, float] = defaultdict(float)
        for kind, seconds in list(self.last.values()):    # the sampler thread may add to it
            out["chromium " + kind] += seconds
        out["server"] = _cpu_seconds(self.server_pid)
        return dict(out)

    def mark(self, label: str) -> None:
        self.marks.append((label, time.monotonic(), self.totals(), _idle_seconds()))

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self._scan()

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def phases(self) -> list[str]:
        lines = []
        for (label, t0, c0, i0), (_next, t1, c1, i1) in zip(self.marks, self.marks[1:]):
            wall = t1 - t0
            used = {k: c1.get(k, 0.0) - c0.get(k, 0.0) for k in sorted(set(c0) | set(c1))}
            parts = ", ".join(f"{k} {v:.1f}" for k, v in used.items() if v >= 0.05)
            idle = (i1 - i0) / (wall * os.cpu_count()) if wall else 0.0
            lines.append(f"{label}: {wall:.1f} s wall; CPU s: {parts}; machine idle {idle:.0%} "
                         f"of {os.cpu_count()} cores")
        return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--browsers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--checkout", type=Path, help="run the dashboard of this checkout (default: this one)")
    args = parser.parse_args()
    from bench.browser_bench import data_folder
    port = free_port()
    proc = start_server(data_folder(), port, app_dir=args.checkout or REPO)
    base = f"http://127.0.0.1:{port}"
    print(f"load before: {Path('/proc/loadavg').read_text().split()[:3]}")
    try:
        asyncio.run(warm_up(base))
        with CpuSampler(proc.pid) as sampler:
            report: LoadReport = asyncio.run(run_load(base, sessions=args.sessions, duration=args.duration,
                                                      browsers=args.browsers, seed=args.seed,
                                                      phase_mark=sampler.mark))
            sampler.mark("end")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"load after: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(report.summary())
    print("\n".join(sampler.phases()))
    for phase in ("load", "clicks"):
        sent = [log.ws[phase][0] for log in report.logs]
        got = [log.ws[phase][2] for log in report.logs]
        got_bytes = [log.ws[phase][3] for log in report.logs]
        print(f"websocket per session while {phase}: sent {sum(sent) / len(sent):.1f} messages, "
              f"received {sum(got) / len(got):.1f} messages / {sum(got_bytes) / len(got_bytes) / 1e3:.0f} kB "
              f"(max {max(got_bytes) / 1e3:.0f} kB)")
    clicks = report.clicks
    print(f"click to passage p50 {percentile(clicks, 50) * 1000:.0f} ms p95 {percentile(clicks, 95) * 1000:.0f} ms "
          f"over {len(clicks)}; page load p50 {percentile(report.loads, 50):.2f} s")


if __name__ == "__main__":
    main()
