"""How much do the exercises ask of a student? Measured on the nbgrader sources, per unit (issue 13).

    .venv/bin/python benchmarks/bench_exercises.py [--json]

For each assignment under ``solutions/`` it prints:

* **student lines**: non-blank, non-comment lines inside ``### BEGIN SOLUTION`` / ``### END SOLUTION`` regions
  of the answer cells (what a student writes);
* **graded functions**: functions and classes the answer cells define (top level);
* **copyable %**: the share of autograded points whose answer matches code the student already has: a function
  of ``course_utils`` or a function defined in a lecture's code cell, compared as normalised ASTs (docstrings
  dropped, every local name, argument and attribute-free identifier renamed in order of appearance, constants
  kept), exactly or as a near match (see :func:`match`), for any function or class the answer defines;
* **sibling/design %**: the share of autograded points on grade cells tagged ``sibling`` or ``design`` in their
  cell metadata (``tags``): items whose answer is in neither the lecture, the docstring, the visible tests nor
  ``course_utils`` (a sibling of a worked case, or a choice the grader checks by its outcome).

The goals of issue 13: at least 600 student lines over units 1-6, at least 60 % sibling/design points per
unit, at most 10 % copyable. This script reports; it asserts nothing (tests check the same facts).
"""
from __future__ import annotations

import argparse
import ast
import difflib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: token similarity from which an answer counts as a copy of reference code (a near match, in the spirit of MOSS)
SIMILAR = 0.90
SIMILAR_SAME_NAME = 0.60
MIN_TOKENS = 120
#: an exact match counts only for a definition of at least this many tokens (``return x`` is no copy)
MIN_EXACT = 40
GOALS = {"lines_units_1_6": 600, "sibling_share": 0.60, "copyable_share": 0.10}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def solution_regions(src: str) -> list[str]:
    """The text between every ``### BEGIN SOLUTION`` and ``### END SOLUTION`` of ``src``."""
    return re.findall(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", src, flags=re.S | re.M)


def count_lines(text: str) -> int:
    """Non-blank lines that are not only a comment."""
    return sum(1 for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


class _Normalise(ast.NodeTransformer):
    """Drop docstrings, rename identifiers in order of first appearance (keeps attribute names and constants)."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def _rename(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self._rename(node.id), ctx=node.ctx), node)

    def visit_arg(self, node):
        node.arg = self._rename(node.arg)
        node.annotation = None
        return node

    def _body(self, node):
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:] or [ast.Pass()]
        node.body = body
        return node

    def visit_FunctionDef(self, node):
        node.name = "f"
        node.returns = None
        node.decorator_list = []
        self._body(node)
        self.generic_visit(node)
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        node.name = "C"
        self._body(node)
        self.generic_visit(node)
        return node


def fingerprint(node: ast.AST) -> str:
    """A normalised dump of a function or class definition."""
    clone = ast.parse(ast.unparse(node)).body[0]
    return ast.dump(_Normalise().visit(clone), annotate_fields=False)


def definitions(code: str) -> list[ast.AST]:
    """The top-level function and class definitions in ``code`` (a class as a whole, methods inside it);
    [] if it does not parse. Methods are not compared on their own: two-line methods all look alike."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    return [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]


def tokens(fp: str) -> list[str]:
    """The tokens of a fingerprint (for near matches)."""
    return re.findall(r"[A-Za-z_][A-Za-z_0-9]*|\d+\.?\d*|\S", fp)


def match(name: str, fp: str, refs: dict[str, str]) -> str | None:
    """Where the definition ``name`` with fingerprint ``fp`` stands in ``refs``, or None.

    A copy is an exact normalised match; or a near match (difflib ratio of the tokens) of at least
    ``SIMILAR_SAME_NAME`` to a reference of the same name; or of at least ``SIMILAR`` to any reference when the
    answer is long enough (``MIN_TOKENS``) for likeness not to be chance: short functions all look alike."""
    mine = tokens(fp)
    if fp in refs and len(mine) >= MIN_EXACT:
        return refs[fp]
    best, where = 0.0, None
    for other, place in refs.items():
        same = place.rsplit(":", 1)[-1] == name and not name.startswith("__")
        need = SIMILAR_SAME_NAME if same else (SIMILAR if len(mine) >= MIN_TOKENS else 2.0)
        sm = difflib.SequenceMatcher(None, mine, _TOKENS.setdefault(other, tokens(other)), autojunk=False)
        if sm.real_quick_ratio() < need or sm.quick_ratio() < need:
            continue
        r = sm.ratio()
        if r >= need and r > best:
            best, where = r, place
    return f"{where} ({best:.0%} alike)" if where else None


_TOKENS: dict[str, list[str]] = {}


def reference_fingerprints(root: Path) -> dict[str, str]:
    """``fingerprint -> where`` for every function/class in course_utils and in the lectures' code cells."""
    out: dict[str, str] = {}
    for path in sorted((root / "course_utils").rglob("*.py")):
        for d in definitions(path.read_text(encoding="utf-8")):
            out.setdefault(fingerprint(d), f"{path.relative_to(root)}:{d.name}")
    for path in sorted((root / "lectures").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                for d in definitions(_source(cell)):
                    out.setdefault(fingerprint(d), f"{path.relative_to(root)}:{d.name}")
    return out


def _filled(src: str) -> str:
    """The answer cell as the model answer: delimiters removed (the solution's code stays)."""
    return "\n".join(line for line in src.splitlines() if "### BEGIN SOLUTION" not in line
                     and "### END SOLUTION" not in line)


def measure(nb_path: Path, refs: dict[str, str]) -> dict:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    answers = {}        # grade_id -> source of the answer cell
    grades = []         # (grade_id, points, tags)
    lines = 0
    for cell in cells:
        meta = _nbg(cell)
        if cell["cell_type"] == "code" and meta.get("solution"):
            src = _source(cell)
            answers[meta.get("grade_id")] = src
            lines += sum(count_lines(r) for r in solution_regions(src))
        if cell["cell_type"] == "code" and meta.get("grade"):
            tags = set(cell.get("metadata", {}).get("tags", []))
            grades.append((meta.get("grade_id", ""), float(meta.get("points", 0) or 0), tags))
    auto = sum(p for _, p, _ in grades)
    functions = []
    copyable = {}
    for gid, src in answers.items():
        try:
            top = [n for n in ast.parse(_filled(src)).body
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        except SyntaxError:
            top = []
        functions += [n.name for n in top]
        for d in definitions(_filled(src)):
            hit = match(d.name, fingerprint(d), refs)
            if hit:
                copyable[gid] = hit
                break

    def owner(grade_id: str) -> str | None:
        """The answer cell a grade cell tests: the longest answer id that ``test_<id>`` starts with."""
        best = None
        for gid in answers:
            if gid and grade_id.startswith("test_" + gid) and (best is None or len(gid) > len(best)):
                best = gid
        return best

    copy_points = sum(p for g, p, _ in grades if owner(g) in copyable)
    sib_points = sum(p for _, p, t in grades if t & {"sibling", "design"})
    return {"notebook": str(nb_path.relative_to(ROOT)), "student_lines": lines, "graded_functions": len(functions),
            "functions": functions, "autograded_points": auto,
            "copyable_share": copy_points / auto if auto else 0.0, "copyable": copyable,
            "sibling_share": sib_points / auto if auto else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the measurements as JSON")
    ap.add_argument("--root", type=Path, default=ROOT, help="the course folder (default: this repository)")
    args = ap.parse_args(argv)
    refs = reference_fingerprints(args.root)
    rows = [measure(p, refs) for p in sorted((args.root / "solutions").glob("*/*.ipynb"))
            if ".ipynb_checkpoints" not in p.parts]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'assignment':<34} {'student lines':>13} {'graded fns':>10} {'copyable':>9} {'sibling/design':>15}")
    for r in rows:
        print(f"{r['notebook']:<34} {r['student_lines']:>13} {r['graded_functions']:>10} "
              f"{r['copyable_share']:>8.0%} {r['sibling_share']:>15.0%}")
        for gid, where in sorted(r["copyable"].items()):
            print(f"    copyable: {gid} ~ {where}")
    units = [r for r in rows if re.match(r"solutions/0[1-6]_", r["notebook"])]
    total = sum(r["student_lines"] for r in units)
    print(f"\nstudent lines, units 1-6: {total} (goal >= {GOALS['lines_units_1_6']})")
    print(f"units under {GOALS['sibling_share']:.0%} sibling/design points: "
          f"{[r['notebook'] for r in units if r['sibling_share'] < GOALS['sibling_share']] or 'none'}")
    print(f"units over {GOALS['copyable_share']:.0%} copyable points: "
          f"{[r['notebook'] for r in units if r['copyable_share'] > GOALS['copyable_share']] or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
