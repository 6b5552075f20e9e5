"""Run every ``benchmarks/bench_*.py`` in turn (``make bench``), each in its own Python process.

    .venv/bin/python benchmarks/run_all.py [--only mlp,widgets] [extra args passed to every benchmark]

Prints each benchmark's output under a header, then a summary; the exit status is 1 when any benchmark
failed. Benchmarks report timings; they never assert them.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated names, e.g. mlp,widgets (default: all)")
    args, extra = ap.parse_known_args(argv)
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    scripts = sorted(HERE.glob("bench_*.py"))
    if wanted:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    if not scripts:
        print("no benchmarks found" + (f" matching {sorted(wanted)}" if wanted else ""))
        return 1
    results = []
    for script in scripts:
        print(f"\n=== {script.name} " + "=" * max(0, 70 - len(script.name)), flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script), *extra], cwd=HERE.parent)
        results.append((script.name, rc, time.perf_counter() - t0))
    print("\n=== summary " + "=" * 62)
    for name, rc, secs in results:
        print(f"{name:<28} {'ok' if rc == 0 else f'FAILED (exit {rc})':<18} {secs:6.1f} s")
    return 0 if all(rc == 0 for _, rc, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
