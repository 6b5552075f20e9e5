"""How long does ``course similarity`` take for a class of 200? (goal: at most 30 s on the 2-core machine)

    .venv/bin/python benchmarks/bench_similarity.py [--students 200] [--assignment 07_capstone] [--repeat 1]

Builds a synthetic class in a temporary course folder: every student's notebook is the assignment's solution
with each answer cell replaced, at random (fixed seed), by the solution (60%), one of the planted mistakes for
that item from ``tests/mistakes/`` (25%) or the released blank (15%), then disguised: local names, arguments and
helper names renamed, top-level definitions shuffled, the code re-printed by ``ast.unparse`` (comments and
layout gone). It is a pessimistic class for this tool (most answers are near copies of a few versions, so many
pairs share fingerprints and many are flagged). Then it times ``course similarity``'s whole run
(``run_similarity``: reading the notebooks and the released exercise, the reference code of ``course_utils`` and
the lectures, every pair of answers, the CSV and the HTML report) and prints the time against the goal, the
number of pairs and how many were flagged. The load average is printed, and the CPU time beside the wall time:
quote figures from a quiet machine. Every run parses ``course_utils`` and the lectures afresh.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL_S = 30.0


class _Rename(ast.NodeTransformer):
    """Rename every name bound in the code (arguments, assignments, definitions), as a copier would."""

    def __init__(self, rng: random.Random, bound: set[str]):
        self.map = {n: f"{n[:1]}_{rng.randrange(10 ** 6)}" for n in sorted(bound)}

    def visit_Name(self, node):
        node.id = self.map.get(node.id, node.id)
        return node

    def visit_arg(self, node):
        node.arg = self.map.get(node.arg, node.arg)
        return node

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        return node


def _bound_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name.startswith("_"):
            names.add(node.name)
    return names


def disguise(source: str, rng: random.Random) -> str:
    """``source`` with its own names renamed (keyword arguments kept), helpers shuffled, comments dropped."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    keep = {kw.arg for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords}
    tree = _Rename(rng, _bound_names(tree) - keep).visit(tree)
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    rest = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    rng.shuffle(defs)
    tree.body = rest + defs
    return ast.unparse(tree) + "\n"


def make_class(course: Path, assignment: str, n: int, seed: int = 0) -> tuple[list[Path], Path]:
    """Write ``n`` synthetic submissions under ``course/submitted``; returns (released notebooks, submitted)."""
    from course_grader.check import find_mistakes

    rng = random.Random(seed)
    released = sorted((ROOT / "exercises" / assignment).glob("*.ipynb"))
    mistakes = [m for m in find_mistakes(ROOT, assignment) if not m.problem]
    for nb_path in sorted((ROOT / "solutions" / assignment).glob("*.ipynb")):
        solution = json.loads(nb_path.read_text(encoding="utf-8"))
        blank = json.loads((ROOT / "exercises" / assignment / nb_path.name).read_text(encoding="utf-8"))
        blanks = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in blank["cells"]
                  if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
        for i in range(n):
            nb = json.loads(json.dumps(solution))
            for cell in nb["cells"]:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if cell["cell_type"] != "code" or not meta.get("solution"):
                    continue
                gid = meta["grade_id"]
                own = [m for m in mistakes if m.target == gid]
                u = rng.random()
                if u < 0.15 and gid in blanks:
                    cell["source"] = blanks[gid]
                    continue
                src = rng.choice(own).source if u < 0.40 and own else "".join(cell["source"])
                src = src.replace("### BEGIN SOLUTION\n", "").replace("### END SOLUTION\n", "")
                cell["source"] = disguise(src, rng)
            dest = course / "submitted" / f"student-{i:03d}" / assignment / nb_path.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(json.dumps(nb), encoding="utf-8")
    return released, course / "submitted"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--assignment", default="07_capstone", help="default: the capstone (the most answer cells)")
    ap.add_argument("--repeat", type=int, default=1, help="runs (median reported)")
    args = ap.parse_args(argv)
    from course_grader import similarity
    from course_grader.similarity import run_similarity

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-similarity-") as tmp:
        course = Path(tmp)
        t0 = time.perf_counter()
        released, submitted = make_class(course, args.assignment, args.students)
        print(f"synthetic class: {args.students} submissions of {args.assignment} "
              f"(written in {time.perf_counter() - t0:.1f} s)")
        times, cpu = [], []
        for _ in range(max(1, args.repeat)):
            similarity._REFS.clear()   # the reference code is parsed in every run, as in a fresh process
            t0, c0 = time.perf_counter(), time.process_time()
            result, csv_path, html_path = run_similarity(ROOT, args.assignment, course / "out", released=released,
                                                         submitted=submitted)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        med = statistics.median(times)
        student_pairs = sum(1 for p in result.pairs if ":" not in p.b)
        print(f"items {len(result.items)}, student pairs {student_pairs}, reference rows "
              f"{len(result.pairs) - student_pairs}, flagged {sum(p.flagged for p in result.pairs)}, "
              f"CSV {csv_path.stat().st_size / 1e6:.1f} MB, HTML {html_path.stat().st_size / 1e6:.1f} MB")
        print(f"course similarity, {args.students} submissions: {med:.1f} s wall, {statistics.median(cpu):.1f} s CPU "
              f"(comparing: {result.seconds:.1f} s; goal <= {GOAL_S:.0f} s): {'ok' if med <= GOAL_S else 'OVER'}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
