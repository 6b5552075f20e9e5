"""``course check [ASSIGNMENT...] [--jobs N]``: prove every assignment's tests through the real autograder.

For each assignment a synthetic class is built in a temporary course folder and graded by
``course autograde`` (nbgrader's own autograder, in parallel):

* student ``solution`` submits ``solutions/<a>/*.ipynb`` unchanged: must earn every autograded point
  (manually graded cells, written answers or code, are graded by hand: reported, not required);
* student ``blank`` submits the released notebooks: must earn zero;
* one student per planted mistake ``tests/mistakes/<a>/<name>.py`` submits the solution with the answer cell
  ``TARGET`` replaced by the whole file: must lose points in its ``CATCH`` cells (default: the grade cells
  whose id starts with ``test_<TARGET>``, at least one of which must lose points; an explicit ``CATCH`` list
  requires every listed cell to lose points), and where ``EXPECT_MESSAGE`` is given a failing ``CATCH``
  cell's error must contain it (case-insensitive). Its notebook runs the answer and setup cells up to the
  last of those grade cells and only those grade cells (the rest are skipped, so one item's planted mistakes
  do not pay for another item's training runs); students ``solution-focus-<n>`` submit the solution with each distinct focus and must keep
  full marks there, which proves the skipped cells are not needed by the focused ones.

Prints a table (assignment, case, expected, score, verdict) and the mutation score (caught / planted) per
assignment; exits 1 on any failure.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import config as cfgmod
from .mistakes import mistake_of_message

SOLUTION, BLANK = "solution", "blank"
#: synthetic students who submit the solution graded with a mistake's focus (see build_class)
FOCUS_PREFIX = "solution-focus-"
#: in the check's throw-away course: which grade cells each synthetic student is judged on
FOCUS_FILE = "check-focus.json"


@dataclass
class Mistake:
    """One planted mistake file (see CONVENTIONS.md, "Planted mistakes")."""

    path: Path
    name: str
    title: str
    target: str | None
    catch: list[str] | None
    expect: str | None
    source: str
    problem: str | None = None   # why the file itself is unusable
    expect_mistake: str | None = None   # EXPECT_MISTAKE: the mistake id a failing CATCH cell must report
    pack: str | None = None   # the synthetic student whose notebook carries this mistake with others (see packs)

    @property
    def student(self) -> str:
        return f"mistake-{self.name}"

    @property
    def graded_as(self) -> str:
        return self.pack or self.student


def load_mistake(path: str | Path) -> Mistake:
    """Read a mistake file's docstring, TARGET, CATCH and EXPECT_MESSAGE without running it."""
    path = Path(path)
    source = path.read_text(encoding="utf-8")
    m = Mistake(path=path, name=path.stem, title="", target=None, catch=None, expect=None, source=source)
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        m.problem = f"does not parse: {exc.msg} (line {exc.lineno})"
        return m
    m.title = (ast.get_docstring(tree) or "").strip().splitlines()[0] if ast.get_docstring(tree) else ""
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("TARGET", "CATCH", "EXPECT_MESSAGE", "EXPECT_MISTAKE"):
                try:
                    values[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    m.problem = f"{node.targets[0].id} must be a literal"
    m.target = values.get("TARGET")
    catch = values.get("CATCH")
    m.catch = [catch] if isinstance(catch, str) else (list(catch) if catch is not None else None)
    m.expect = values.get("EXPECT_MESSAGE")
    m.expect_mistake = values.get("EXPECT_MISTAKE")
    if not m.target and not m.problem:
        m.problem = "no TARGET = \"<grade_id of an answer cell>\""
    return m


def mistakes_dir(root: Path, assignment: str) -> Path:
    return Path(root) / "tests" / "mistakes" / assignment


def find_mistakes(root: Path, assignment: str) -> list[Mistake]:
    folder = mistakes_dir(root, assignment)
    if not folder.is_dir():
        return []
    return [load_mistake(p) for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")]


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def plant(notebooks: dict[str, "nbformat.NotebookNode"], mistake: Mistake) -> dict | None:
    """Copies of ``notebooks`` with the answer cell ``mistake.target`` replaced; None if there is no such cell."""
    import copy

    out, found = {}, False
    for name, nb in notebooks.items():
        nb = copy.deepcopy(nb)
        for cell in nb.cells:
            meta = _nbgrader(cell)
            if meta.get("grade_id") == mistake.target and meta.get("solution") and cell.cell_type == "code":
                cell.source = mistake.source
                found = True
        out[name] = nb
    return out if found else None


@dataclass
class Case:
    assignment: str
    case: str
    expected: str
    score: str = ""
    verdict: str = "?"
    ok: bool = False
    details: list = field(default_factory=list)
    is_mistake: bool = False


def _write_nb(path: Path, nb) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def catch_cells(mistake: Mistake, grade_ids) -> list[str]:
    """The grade cells a planted mistake must lose points in: its ``CATCH`` list, else every grade cell whose id
    starts with ``test_<TARGET>``."""
    if mistake.catch is not None:
        return list(mistake.catch)
    return sorted(gid for gid in grade_ids if gid.startswith("test_" + mistake.target))


def _grade_ids(notebooks) -> list[str]:
    return [m["grade_id"] for nb in notebooks.values() for c in nb.cells
            if (m := _nbgrader(c)).get("grade") and c.cell_type == "code" and m.get("grade_id")]


#: prefix of the synthetic students that carry several planted mistakes at once (see :func:`packs`)
PACK_PREFIX = "mistakes-pack-"


def packs(mistakes: list[Mistake], gids) -> list[list[Mistake]]:
    """Group planted mistakes that can share one notebook: grading one notebook per pack instead of one per
    mistake is what keeps ``course check`` of the whole course within minutes.

    Only mistakes that name what they must report (``EXPECT_MISTAKE`` or ``EXPECT_MESSAGE``) are packed, and a
    pack holds at most one mistake per answer cell, with pairwise disjoint grade cells: every item is graded on
    its own (``ck.isolate`` gives a grade cell correct versions of the other items), each mistake is still judged
    on its own grade cells only, and a failure caused by a neighbour would not carry the mistake's own id or
    message. A packed mistake that is not caught is graded again on its own before any verdict (see
    :func:`check`), so packing can never turn a caught mistake into a miss or a miss into a catch."""
    out: list[list[Mistake]] = []
    for m in mistakes:
        if not (m.expect_mistake or m.expect):
            continue
        cells = set(catch_cells(m, gids))
        if not cells:
            continue
        for group in out:
            if all(o.target != m.target and not cells & set(catch_cells(o, gids)) for o in group):
                group.append(m)
                break
        else:
            out.append([m])
    return [g for g in out if len(g) > 1]


def _focus_solution(sub: Path, solution: dict, assignment: str, focus: dict, sets: dict, cells) -> None:
    """Focus ``cells`` for a synthetic student, and a ``solution-focus-<n>`` student for each new set of them."""
    key = tuple(sorted(cells))
    if key not in sets:
        sets[key] = f"{FOCUS_PREFIX}{len(sets) + 1}"
        for name, nb in solution.items():
            _write_nb(sub / sets[key] / assignment / name, nb)
        focus[sets[key]] = list(key)


def build_class(root: Path, assignment: str, course: Path, cfg, pack: bool = True
                ) -> tuple[list[Mistake], list[Case], dict, dict]:
    """Write the synthetic class of ``assignment`` into ``course``; return its mistakes, unusable cases, the
    focus ``{student: [grade_id, ...]}`` and what :func:`write_single` needs to add a student later.

    With ``pack``, mistakes that can share a notebook are graded together (:func:`packs`).

    A planted mistake is judged on its own grade cells only (:func:`catch_cells`), so its notebook runs the
    answer and setup cells up to the last of them and only those grade cells (the others are skipped: the
    expensive training cells of other items cost nothing). For every distinct set of focused cells the solution is graded once more with the
    same focus (student ``solution-focus-<n>``) and must keep full marks there: proof that skipping the other
    grade cells does not by itself make the focused ones fail."""
    from .release import build_release

    paths = cfgmod.Paths.of(root, cfg)
    src = paths.source_dir(assignment)
    shutil.copytree(src, course / "solutions" / assignment,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    solution = {p.name: nbformat.read(p, as_version=4) for p in sorted(src.glob("*.ipynb"))}
    sub = course / "submitted"
    for name, nb in solution.items():
        _write_nb(sub / SOLUTION / assignment / name, nb)
    with tempfile.TemporaryDirectory(prefix="course-check-release-") as tmp:
        released = build_release(root, assignment, tmp, cfg)
    for rel, data in released.items():
        if rel.endswith(".ipynb"):
            dest = sub / BLANK / assignment / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
    mistakes, bad = [], []
    for m in find_mistakes(root, assignment):
        planted = None if m.problem else plant(solution, m)
        if planted is None:
            why = m.problem or f"TARGET {m.target!r} is not the grade_id of an answer cell"
            bad.append(Case(assignment, m.name, "a usable mistake file", verdict=f"ERROR: {why}",
                            is_mistake=True))
            continue
        mistakes.append(m)
    focus, sets = {}, {}
    gids = _grade_ids(solution)
    for n, group in enumerate(packs(mistakes, gids) if pack else [], start=1):
        notebooks = solution
        for m in group:
            notebooks = plant(notebooks, m)
            m.pack = f"{PACK_PREFIX}{n}"
        for name, nb in notebooks.items():
            _write_nb(sub / m.pack / assignment / name, nb)
        cells = sorted({gid for m in group for gid in catch_cells(m, gids)})
        focus[m.pack] = cells
        _focus_solution(sub, solution, assignment, focus, sets, cells)
    for m in mistakes:
        if m.pack is None:
            write_single(sub, solution, assignment, m, gids, focus, sets)
    ctx = {"sub": sub, "solution": solution, "gids": gids, "sets": sets}
    return mistakes, bad, focus, ctx


def write_single(sub: Path, solution: dict, assignment: str, m: Mistake, gids, focus: dict, sets: dict) -> None:
    """The notebook of one planted mistake graded on its own (student ``mistake-<name>``)."""
    for name, nb in plant(solution, m).items():
        _write_nb(sub / m.student / assignment / name, nb)
    cells = catch_cells(m, gids)
    if cells:   # without grade cells it is judged as an error; graded in full meanwhile
        focus[m.student] = cells
        _focus_solution(sub, solution, assignment, focus, sets, cells)


def _fmt(x) -> str:
    return "-" if x is None else f"{x:g}"


def judge(assignment: str, results: dict, mistakes: list[Mistake], focus: dict | None = None) -> list[Case]:
    """Turn the graded synthetic class into verdicts."""
    cases = []
    sol, blank = results.get(SOLUTION), results.get(BLANK)
    for student, cells in sorted((focus or {}).items()):
        if not student.startswith(FOCUS_PREFIX) or student not in results:
            continue
        r = results.get(student)
        c = Case(assignment, f"solution, only {', '.join(cells)}", "full marks there")
        if r is None or r.status != "graded":
            c.verdict = "FAIL: " + ("; ".join(r.problems) if r else "not graded")
        else:
            got = {gid: r.cells[gid] for gid in cells if gid in r.cells}
            lost = [f"{gid}: {x['message'] or 'lost points'}" for gid, x in got.items()
                    if (x["score"] or 0) < x["max"]]
            c.score = f"{_fmt(sum(x['score'] or 0 for x in got.values()))}/{_fmt(sum(x['max'] for x in got.values()))}"
            c.ok = not lost and len(got) == len(cells)
            c.verdict = "ok" if c.ok else "FAIL: not self-contained (needs another grade cell)"
            c.details = lost
        cases.append(c)

    def auto_cells(r):
        return {gid: c for gid, c in r.cells.items() if not c["manual"]}

    # the solution
    c = Case(assignment, SOLUTION, "full marks on autograded cells")
    if sol is None or sol.status != "graded":
        c.verdict = "FAIL: " + ("; ".join(sol.problems) if sol else "not graded")
    else:
        cells = auto_cells(sol)
        got = sum(x["score"] or 0 for x in cells.values())
        top = sum(x["max"] for x in cells.values())
        manual = sum(x["max"] for x in sol.cells.values() if x["manual"])
        c.score = f"{_fmt(got)}/{_fmt(top)}" + (f" (+{_fmt(manual)} graded by hand)" if manual else "")
        lost = [f"{gid}: {x['message'] or 'lost points'}" for gid, x in cells.items()
                if (x["score"] or 0) < x["max"]]
        c.ok = not lost and top > 0
        c.verdict = "ok" if c.ok else ("FAIL: no autograded points" if top == 0 else "FAIL")
        c.details = lost
    cases.append(c)
    # the blank release
    c = Case(assignment, BLANK, "zero")
    if blank is None or blank.status != "graded":
        c.verdict = "FAIL: " + ("; ".join(blank.problems) if blank else "not graded")
    else:
        cells = auto_cells(blank)
        got = sum(x["score"] or 0 for x in cells.values())
        c.score = f"{_fmt(got)}/{_fmt(sum(x['max'] for x in cells.values()))}"
        earned = [f"{gid}: earned {_fmt(x['score'])} with no answer" for gid, x in cells.items() if x["score"]]
        c.ok = got == 0
        c.verdict = "ok" if c.ok else "FAIL"
        c.details = earned
    cases.append(c)
    # the planted mistakes
    for m in mistakes:
        r = results.get(m.graded_as)
        explicit = m.catch is not None
        catch = m.catch if explicit else sorted(gid for gid in (sol.cells if sol else {})
                                                if gid.startswith("test_" + m.target))
        expected = ("loses in " + ("all of " if explicit and len(catch) > 1 else "")
                    + (", ".join(catch) if catch else f"test_{m.target}*"))
        if m.expect:
            expected += f" with {m.expect!r}"
        if m.expect_mistake:
            expected += f" as {m.expect_mistake}"
        c = Case(assignment, m.name, expected, is_mistake=True)
        c.details = [m.title] if m.title else []
        if m.pack:
            c.details.append(f"graded in {m.pack} with other mistakes of other items")
        if r is None or r.status != "graded":
            c.verdict = "ERROR: " + ("; ".join(r.problems) if r else "not graded")
            cases.append(c)
            continue
        missing = [gid for gid in catch if gid not in r.cells]
        if not catch or missing:
            c.verdict = ("ERROR: no grade cell starts with test_" + m.target if not catch
                         else "ERROR: no such grade cell: " + ", ".join(missing))
            cases.append(c)
            continue
        cells = {gid: r.cells[gid] for gid in catch}
        c.score = f"{_fmt(sum(x['score'] or 0 for x in cells.values()))}/{_fmt(sum(x['max'] for x in cells.values()))}"
        failing = {gid: x for gid, x in cells.items() if (x["score"] or 0) < x["max"]}
        caught = (len(failing) == len(cells)) if explicit else bool(failing)
        if not caught:
            survived = [gid for gid in cells if gid not in failing]
            c.verdict = "MISSED: full marks in " + ", ".join(survived)
        elif m.expect and not any(m.expect.lower() in (x["message"] or "").lower() for x in failing.values()):
            shown = "; ".join(f"{gid}: {x['message'] or '(no message)'}" for gid, x in failing.items())
            c.verdict = f"MISSED MESSAGE: {m.expect!r} not in the error"
            c.details.append("got: " + shown)
        elif m.expect_mistake and m.expect_mistake not in (
                ids := [mistake_of_message(gid, x["message"]) for gid, x in failing.items()]):
            c.verdict = f"MISSED MISTAKE ID: {m.expect_mistake} not reported"
            c.details.append("got: " + ", ".join(str(i) for i in ids))
        else:
            c.ok, c.verdict = True, "caught"
            msgs = [x["message"] for x in failing.values() if x["message"]]
            if msgs:
                c.details.append("message: " + msgs[0])
        cases.append(c)
    return cases


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(cases: list[Case], out=None, verbose: bool = False) -> None:
    out = out if out is not None else sys.stdout
    cols = ("assignment", "case", "expected", "score", "verdict")
    rows = [(c.assignment, _short(c.case, 48), _short(c.expected, 60), c.score, _short(c.verdict, 70)) for c in cases]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(cols)] if rows else [len(h) for h in cols]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*cols), file=out)
    print(line.format(*("-" * w for w in widths)), file=out)
    for c, row in zip(cases, rows):
        print(line.format(*row), file=out)
        if verbose or not c.ok:
            for d in c.details:
                print(" " * (widths[0] + 2) + "    " + _short(d, 140), file=out)


def check(root, selected: list[str] | None = None, jobs=None, out=None, verbose: bool = False,
          keep: str | Path | None = None, pack: bool = True) -> int:
    """Run the check on the selected assignments (default: all in solutions/); returns an exit code."""
    out = out if out is not None else sys.stdout
    from .autograde import GraderPool, autograde_many

    root = Path(root).resolve()
    cfg = cfgmod.load_config(root)
    known = cfgmod.assignments(root, cfg)
    names = list(selected) if selected else known
    unknown = [a for a in names if a not in known]
    if unknown:
        print(f"course check: no such assignment in solutions/: {', '.join(unknown)}", file=sys.stderr)
        return 2
    if not names:
        print("course check: no assignments in solutions/ yet: nothing to check", file=out)
        return 0
    t0 = time.perf_counter()
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix=f"course-check-{os.getpid()}-") as tmp:
        course = Path(tmp) / "course"
        course.mkdir()
        # the synthetic course: the real configuration, its own gradebook, nothing of the real course's state
        text = (root / cfgmod.CONFIG_FILE).read_text(encoding="utf-8") if (root / cfgmod.CONFIG_FILE).is_file() else ""
        text += ("\n# course check: a throw-away synthetic class\n"
                 f"c.CourseDirectory.root = {str(course)!r}\n"
                 "c.CourseDirectory.source_directory = 'solutions'\n"
                 "c.CourseDirectory.submitted_directory = 'submitted'\n"
                 "c.CourseDirectory.autograded_directory = 'autograded'\n"
                 f"c.CourseDirectory.db_url = {'sqlite:///' + str(course / 'gradebook.db')!r}\n"
                 f"c.Exchange.root = {str(course / 'exchange')!r}\n"
                 f"c.Course.check_focus = {str(course / FOCUS_FILE)!r}\n")
        (course / cfgmod.CONFIG_FILE).write_text(text, encoding="utf-8")
        n_jobs = cfgmod.settings(cfg).n_jobs(jobs)
        with GraderPool(n_jobs) as pool:   # workers start up while the synthetic class is written
            plan, mistakes, focus, ctx = {}, {}, {}, {}
            for aid in names:
                ms, bad, focus[aid], ctx[aid] = build_class(root, aid, course, cfg, pack=pack)
                plan[aid], mistakes[aid] = None, (ms, bad)
            (course / FOCUS_FILE).write_text(json.dumps(focus), encoding="utf-8")
            n_nb = sum(len(cfgmod.Paths.of(course).students(aid)) for aid in names)
            n_packed = sum(1 for aid in names for m in mistakes[aid][0] if m.pack)
            print(f"course check: grading {n_nb} notebooks of {len(names)} assignment(s) with {n_jobs} "
                  f"worker(s)" + (f" ({n_packed} planted mistakes share notebooks with mistakes of other items)"
                                  if n_packed else ""), file=out, flush=True)
            t1 = time.perf_counter()
            graded = autograde_many(course, plan, pool=pool, bar_only=True)
            # a packed mistake that was not caught is graded again on its own: only its own notebook decides
            again = {}
            for aid in names:
                results = {r.student: r for r in graded[aid]}
                verdicts = {c.case: c.ok for c in judge(aid, results, mistakes[aid][0], focus[aid])}
                before = set(focus[aid])
                for m in mistakes[aid][0]:
                    if m.pack and not verdicts.get(m.name, False):
                        m.pack = None
                        write_single(ctx[aid]["sub"], ctx[aid]["solution"], aid, m, ctx[aid]["gids"], focus[aid],
                                     ctx[aid]["sets"])
                        again.setdefault(aid, []).append(m.student)
                again.get(aid, []).extend(sorted(set(focus[aid]) - before - set(again.get(aid, []))))
            if again:
                (course / FOCUS_FILE).write_text(json.dumps(focus), encoding="utf-8")
                n_again = sum(len(v) for v in again.values())
                print(f"course check: grading {n_again} notebooks again, one mistake each", file=out, flush=True)
                for aid, rs in autograde_many(course, again, pool=pool, bar_only=True).items():
                    graded[aid].extend(rs)
                n_nb += n_again
            t_grade = time.perf_counter() - t1
        if keep:   # the graded synthetic class, for a closer look (autograded notebooks, gradebook)
            keep = Path(keep)
            if keep.exists():
                shutil.rmtree(keep)
            shutil.copytree(course, keep)
        per_nb = [r.seconds for rs in graded.values() for r in rs]
        summary = []
        for aid in names:
            ms, bad = mistakes[aid]
            results = {r.student: r for r in graded[aid]}
            acases = judge(aid, results, ms, focus[aid]) + bad
            cases.extend(acases)
            planted = [c for c in acases if c.is_mistake]
            caught = sum(c.ok for c in planted)
            summary.append((aid, caught, len(planted)))
    print("", file=out)
    print_table(cases, out=out, verbose=verbose)
    print("", file=out)
    for aid, caught, planted in summary:
        pct = f"{100 * caught / planted:.0f}%" if planted else "n/a (no planted mistakes)"
        print(f"{aid}: mutation score {caught}/{planted} = {pct}", file=out)
    failed = [c for c in cases if not c.ok]
    dt = time.perf_counter() - t0
    print(f"\n{len(cases)} cases, {len(failed)} failed; {n_nb} notebooks graded in {t_grade:.1f} s "
          f"({t_grade / max(1, n_nb):.2f} s per notebook with {n_jobs} worker(s); "
          f"{sum(per_nb) / max(1, len(per_nb)):.2f} s per notebook in a worker); total {dt:.1f} s", file=out)
    return 1 if failed else 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("check", help="solutions earn full marks, blanks zero, every planted mistake loses",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="assignment ids (default: all)")
    p.add_argument("--jobs", default=None, metavar="N|auto", help="notebooks graded at once (default: cores)")
    p.add_argument("-v", "--verbose", action="store_true", help="show each case's details and messages")
    p.add_argument("--keep", metavar="DIR", default=None,
                   help="copy the graded synthetic class (submissions, autograded notebooks, gradebook) to DIR")
    p.add_argument("--single", action="store_true",
                   help="grade every planted mistake in a notebook of its own (slower; by default mistakes of "
                        "different items that name their id share notebooks, and a miss is re-graded alone)")
    p.set_defaults(func=_run)


def _run(args) -> int:
    return check(cfgmod.root_from_args(args), args.assignments, jobs=args.jobs, verbose=args.verbose,
                 keep=args.keep, pack=not args.single)
