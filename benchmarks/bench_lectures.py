"""How long does each lecture take to run top to bottom, headless? (goal: under 30 s; the capstone under 60 s)

    .venv/bin/python benchmarks/bench_lectures.py [--repeat N] [--only 04_backprop]

Runs every ``lectures/*.ipynb`` with nbclient (as ``tests/test_lectures.py`` does, which checks that they run
without errors or warnings but asserts no time), ``--repeat`` times each, and prints the median wall time against the goal. The machine's load average is
printed with the results: on a busy 2-core machine the times mean little, so quote figures from a quiet one.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = {"07_capstone": 60.0, "04_backprop": 60.0}   # the lectures with a training study
DEFAULT_GOAL_S = 30.0


def run_once(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute()
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="runs per lecture (median reported)")
    ap.add_argument("--only", default="", help="comma-separated lecture names, e.g. 04_backprop")
    args = ap.parse_args(argv)
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    lectures = [p for p in sorted((ROOT / "lectures").glob("*.ipynb")) if not wanted or p.stem in wanted]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'lecture':<24} {'median s':>9} {'goal s':>7}  verdict")
    for path in lectures:
        times = [run_once(path) for _ in range(max(1, args.repeat))]
        med = statistics.median(times)
        goal = GOAL_S.get(path.stem, DEFAULT_GOAL_S)
        print(f"{path.stem:<24} {med:>9.1f} {goal:>7.0f}  {'ok' if med < goal else 'OVER'}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
