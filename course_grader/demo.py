"""``course demo --out DIR`` (``make grade``): the whole grading pipeline on a synthetic class.

``DIR`` becomes a small course of its own (its own ``nbgrader_config.py`` and gradebook; the real course is
never touched) holding, for every assignment in ``solutions/``:

* ``perfect``: submits the solution notebook unchanged;
* ``blank``: submits the released exercise untouched;
* ``partial-1``, ``partial-2``, ``partial-3``: the solution with some answer cells replaced, in a fixed
  rotation, by a planted mistake from ``tests/mistakes/<assignment>/`` (a different one per student) or by the
  released ``raise NotImplementedError()``; the rest stay correct;
* ``broken``: a corrupt notebook (the solution's JSON cut in half);
* ``absent``: in the gradebook, but submits nothing (an empty row in the CSV, not zeros).

Then it runs the real ``course autograde`` on the whole class, writes HTML feedback (``course feedback``), the
CSV (``course export``) and the report (``course report``), and prints where everything is. Rerunning replaces
a previous demo in ``DIR``.
"""
from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from . import config as cfgmod

MARKER = ".course-demo"
PERFECT, BLANK, BROKEN, ABSENT = "perfect", "blank", "broken", "absent"
PARTIALS = ["partial-1", "partial-2", "partial-3"]
NAMES = {PERFECT: ("Ada", "Perfect"), BLANK: ("Bo", "Blank"), BROKEN: ("Cy", "Broken"), ABSENT: ("Di", "Absent"),
         "partial-1": ("Eli", "Partial"), "partial-2": ("Fay", "Partial"), "partial-3": ("Gus", "Partial")}


class DemoError(RuntimeError):
    """The demo could not be set up."""


def _answer_ids(nb) -> list[str]:
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.cell_type == "code" and c.get("metadata", {}).get("nbgrader", {}).get("solution")]


def partial_notebook(solution, released, mistakes, k: int):
    """The solution with answer cells replaced in rotation (student ``partial-k``, k = 1, 2, 3).

    Answer cell ``i`` (in notebook order) is kept when ``(i + k) % 3 == 0``, replaced by the ``(k-1)``-th usable
    planted mistake targeting it (cycling) when ``(i + k) % 3 == 1`` (or left blank if it has none), and by
    the released blank (``raise NotImplementedError()``) when ``(i + k) % 3 == 2``.

    Returns
    -------
    nb : NotebookNode
        The partial submission.
    changes : dict
        ``grade_id -> "solution" | "mistake <name>" | "blank"``.
    """
    nb = copy.deepcopy(solution)
    blanks = {c.metadata["nbgrader"]["grade_id"]: c.source for c in released.cells
              if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")}
    changes = {}
    for i, gid in enumerate(_answer_ids(solution)):
        mode = (i + k) % 3
        cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid)
        own = [m for m in mistakes if m.target == gid and not m.problem]
        own.sort(key=lambda m: m.expect_mistake is None)   # mistakes with a declared id first: the report names them
        if mode == 1 and own:
            m = own[(k - 1) % len(own)]
            cell.source = m.source
            changes[gid] = f"mistake {m.name}"
        elif mode in (1, 2) and gid in blanks:
            cell.source = blanks[gid]
            changes[gid] = "blank"
        else:
            changes[gid] = "solution"
    return nb, changes


def _write_nb(path: Path, nb) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def _prepare_dir(out: Path, root: Path) -> None:
    if out == root or out in root.parents or root in out.parents and out.relative_to(root).parts[0] in (
            "solutions", "exercises", "lectures", "course_utils", "tests"):
        raise DemoError(f"{out} would overwrite course content; choose another folder (e.g. demo/)")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise DemoError(f"{out} exists, is not empty and is not a previous demo: choose an empty folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by `course demo`; rerunning the demo replaces this folder\n")


def build_demo_class(root: Path, out: Path, assignments: list[str], cfg) -> dict[str, dict]:
    """Write the demo course and its synthetic submissions; returns ``{assignment: {student: description}}``."""
    from .check import find_mistakes
    from .release import build_release

    text = (root / cfgmod.CONFIG_FILE).read_text(encoding="utf-8") if (root / cfgmod.CONFIG_FILE).is_file() else ""
    text += ("\n# course demo: a synthetic class in its own folder, with its own gradebook and exchange\n"
             f"c.CourseDirectory.root = {str(out)!r}\n"
             "c.CourseDirectory.source_directory = 'solutions'\n"
             "c.CourseDirectory.release_directory = 'exercises'\n"
             "c.CourseDirectory.submitted_directory = 'submitted'\n"
             "c.CourseDirectory.autograded_directory = 'autograded'\n"
             "c.CourseDirectory.feedback_directory = 'feedback'\n"
             f"c.CourseDirectory.db_url = {'sqlite:///' + str(out / 'gradebook.db')!r}\n"
             f"c.Exchange.root = {str(out / 'exchange')!r}\n")
    (out / cfgmod.CONFIG_FILE).write_text(text, encoding="utf-8")
    paths = cfgmod.Paths.of(root, cfg)
    plan: dict[str, dict] = {}
    sub = out / "submitted"
    for aid in assignments:
        src = paths.source_dir(aid)
        shutil.copytree(src, out / "solutions" / aid, ignore=shutil.ignore_patterns(".ipynb_checkpoints",
                                                                                     "__pycache__"))
        with tempfile.TemporaryDirectory(prefix="course-demo-release-") as tmp:
            released_files = build_release(root, aid, tmp, cfg)
        for rel, data in released_files.items():
            dest = out / "exercises" / aid / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        mistakes = find_mistakes(root, aid)
        who = plan.setdefault(aid, {})
        for nb_path in sorted(src.glob("*.ipynb")):
            name = nb_path.name
            solution = nbformat.read(nb_path, as_version=4)
            released = nbformat.reads(released_files[name].decode("utf-8"), as_version=4)
            _write_nb(sub / PERFECT / aid / name, solution)
            who[PERFECT] = "the solution"
            _write_nb(sub / BLANK / aid / name, released)
            who[BLANK] = "the released exercise, untouched"
            for k, student in enumerate(PARTIALS, 1):
                nb, changes = partial_notebook(solution, released, mistakes, k)
                _write_nb(sub / student / aid / name, nb)
                who[student] = ", ".join(f"{g}: {c}" for g, c in changes.items() if c != "solution") or "all correct"
            text_nb = nb_path.read_text(encoding="utf-8")
            (sub / BROKEN / aid).mkdir(parents=True, exist_ok=True)
            (sub / BROKEN / aid / name).write_text(text_nb[: len(text_nb) // 2], encoding="utf-8")
            who[BROKEN] = "corrupt JSON (file cut in half)"
    return plan


def _add_names(out: Path) -> None:
    """Give the demo students names, and add ``absent`` (no submission) to the gradebook."""
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    cfg = cfgmod.load_config(out)
    paths = cfgmod.Paths.of(out, cfg)
    with Gradebook(paths.db_url, CourseDirectory(config=cfg).course_id) as gb:
        for sid, (first, last) in NAMES.items():
            gb.update_or_create_student(sid, first_name=first, last_name=last)


def run_demo(root, out, assignments: list[str] | None = None, jobs=None, stream=None) -> dict:
    """Build, grade and report on the demo class; returns the paths of what was written."""
    stream = sys.stdout if stream is None else stream
    from .autograde import autograde_many, print_summary
    from .export import gather, write_csv
    from .feedback import generate
    from .report import question_stats, write_report

    root = Path(root).resolve()
    out = Path(out).resolve()
    cfg = cfgmod.load_config(root)
    known = cfgmod.assignments(root, cfg)
    names = list(assignments) if assignments else known
    unknown = [a for a in names if a not in known]
    if unknown:
        raise DemoError(f"no such assignment in {cfgmod.Paths.of(root, cfg).source}: {', '.join(unknown)}")
    if not names:
        raise DemoError("no assignment in solutions/ yet: nothing to demonstrate")
    _prepare_dir(out, root)
    t0 = time.perf_counter()
    print(f"course demo: building a synthetic class for {', '.join(names)} in {out}", file=stream)
    plan = build_demo_class(root, out, names, cfg)
    for aid in names:
        print(f"\n{aid}:", file=stream)
        for student, what in plan[aid].items():
            print(f"  {student:<10} {what}", file=stream)
    print(f"\ngrading {sum(len(v) for v in plan.values())} submissions with the real autograder "
          f"(course autograde) ...", file=stream, flush=True)
    results = autograde_many(out, {aid: None for aid in names}, jobs=jobs, out=stream)
    for aid in names:
        print(f"\n{aid}:", file=stream)
        print_summary(results[aid], out=stream)
    _add_names(out)
    feedback_files = []
    for aid in names:
        res = generate(out, aid, unreadable=True)
        feedback_files += [f for files in res["files"].values() for f in files]
        feedback_files += [f for files in res.get("notices", {}).values() for f in files]
        if not res.get("success"):
            print(f"warning: feedback for {aid} incomplete:\n{(res.get('error') or res.get('log') or '')[-2000:]}",
                  file=stream)
    scores = gather(out)
    csv_path = write_csv(scores, out / "grades.csv")
    index = write_report(scores, out / "report", root=out)
    from .similarity import run_similarity   # the partial students keep some solution cells: copies to find
    similarity = {aid: run_similarity(out, aid, out / "similarity" / aid, refs_root=root)[2] for aid in names}
    stats = [st for st in question_stats(scores) if st.n and not st.pending]
    graders_failed = [r for rs in results.values() for r in rs if not r.ok]
    print(f"\ndone in {time.perf_counter() - t0:.0f} s. Where to look:", file=stream)
    print(f"  grades (CSV, one row per student) {csv_path}", file=stream)
    print(f"  class report (open in a browser)  {index}", file=stream)
    print(f"  mistakes by frequency (CSV)       {out / 'report' / 'mistakes.csv'}", file=stream)
    for aid, page in similarity.items():
        print(f"  {'similarity report, ' + aid:<33} {page}", file=stream)
    print(f"  feedback per student (HTML)       {out / 'feedback'}/<student>/<assignment>/  "
          f"({len(feedback_files)} files)", file=stream)
    print(f"  autograded notebooks              {out / 'autograded'}", file=stream)
    print(f"  the demo course (nbgrader)        {out} (gradebook.db, submitted/, nbgrader_config.py)", file=stream)
    if stats:
        st = stats[0]
        print(f"  hardest question                  {st.question.column} (mean {st.mean:.3g} of "
              f"{st.question.max_score:g})", file=stream)
    return {"csv": csv_path, "report": index, "similarity": similarity, "feedback": feedback_files,
            "results": results, "plan": plan, "grader_failures": graders_failed}


def run(args) -> int:
    try:
        root = cfgmod.root_from_args(args)
        res = run_demo(root, args.out, args.assignment, jobs=args.jobs)
    except (cfgmod.CourseNotFoundError, DemoError) as exc:
        print(f"course demo: {exc}", file=sys.stderr)
        return 1
    return 1 if res["grader_failures"] else 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "demo", help="instructor demo (make grade): a synthetic class autograded, with feedback, CSV and report",
        description=__doc__.split("\n", 2)[2].replace("``", "'"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="demo", metavar="DIR", help="folder for the demo course (default: demo)")
    p.add_argument("--assignment", action="append", metavar="ID",
                   help="only this assignment (repeatable; default: every assignment in solutions/)")
    p.add_argument("--jobs", default=None, metavar="N|auto", help="parallel grading processes (default: config)")
    p.set_defaults(func=run)
