"""How long does the course website take to build, cold and when nothing changed? (goals: <= 2 min, <= 20 s)

    .venv/bin/python benchmarks/bench_site.py [--jobs 2] [--keep DIR]

Builds the site with ``course site``'s own function (``course_grader.site.build_site``) from a copy of the
course (so that edits made meanwhile change nothing) into a temporary folder with a fresh cache: the **cold** build executes every lecture (two kernels at a time) and renders every
page; the **cached** build then finds every lecture in the cache and Sphinx finds nothing to re-read. MathJax's
npm tarball is copied from ``.site-cache/`` when it is there (fetching it is a download, not a build); otherwise
the cold build fetches it with ``npm pack``. Also printed: a build after one lecture changed (its notebook is
executed again, the others come from the cache). The machine's load average is printed with the results: on a
busy 2-core machine the times mean little, so quote figures from a quiet one.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_grader import site  # noqa: E402

GOALS = {"cold": 120.0, "cached": 20.0}


#: what a build reads: copied once, so that edits in the working tree during the benchmark change nothing
COPY = ["units", "lectures", "exercises", "solutions", "course_utils", "site", "README.md", "nbgrader_config.py"]


def snapshot(dest: Path) -> Path:
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def timed_build(course: Path, out: Path, cache: Path, jobs: int) -> tuple[float, str]:
    log = io.StringIO()
    t0 = time.perf_counter()
    rc = site.build_site(course, out, cache, jobs=jobs, stream=log)
    seconds = time.perf_counter() - t0
    if rc != 0:
        raise SystemExit(f"course site failed (exit {rc}):\n{log.getvalue()}")
    return seconds, log.getvalue().rstrip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2, help="lectures executed at a time (default 2)")
    ap.add_argument("--keep", default=None, help="build in this folder and keep it (default: a temporary one)")
    ap.add_argument("--no-touch", action="store_true", help="skip the one-lecture-changed build")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-site-"))
    shutil.rmtree(work / "cache", ignore_errors=True)
    cache, out = work / "cache", work / "_site"
    cache.mkdir(parents=True)
    shutil.rmtree(work / "course", ignore_errors=True)
    course = snapshot(work / "course")
    tgz = ROOT / site.CACHE_DIR / f"mathjax-{site.MATHJAX_VERSION}.tgz"
    if tgz.is_file():
        shutil.copy(tgz, cache / tgz.name)
    rows = []
    try:
        for label in ("cold", "cached"):
            seconds, line = timed_build(course, out, cache, args.jobs)
            rows.append((label, seconds, GOALS.get(label), line))
        if not args.no_touch:
            lecs = site.lectures(course)
            victim = lecs[0].unit
            (cache / "executed" / f"{victim}.key").write_text("changed\n")     # as if its notebook had changed
            seconds, line = timed_build(course, out, cache, args.jobs)
            rows.append((f"one lecture changed ({victim})", seconds, None, line))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    print(f"course site build times (load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, "
          f"{os.cpu_count()} cores, --jobs {args.jobs})")
    print(f"{'build':<36} {'seconds':>8}  {'goal':>6}  verdict")
    for label, seconds, goal, line in rows:
        verdict = "" if goal is None else ("ok" if seconds <= goal else "OVER GOAL")
        print(f"{label:<36} {seconds:8.1f}  {'' if goal is None else f'{goal:.0f}':>6}  {verdict}")
    for label, _, _, text in rows:
        print(f"{label}:")
        print("\n".join("  " + line.strip() for line in text.splitlines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
