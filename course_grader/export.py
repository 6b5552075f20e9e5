"""``course export --out grades.csv``: one row per student, one column per graded question.

nbgrader's own ``nbgrader export`` writes one row per (student, assignment) with totals only. This command
reads the gradebook through nbgrader's :class:`~nbgrader.api.Gradebook` API (so it works for the default
SQLite file and for any ``db_url``, e.g. PostgreSQL) and writes a wide table:

``student_id, last_name, first_name, email,``
then for every assignment (sorted by id) a column ``<assignment>:<grade_id>`` for each graded cell (in the
order of the source notebook; ``<assignment>:<notebook>/<grade_id>`` if an assignment has several notebooks
that reuse a ``grade_id``) followed by ``<assignment>:total``, and finally ``total``.

Cell values are points earned (manual score when an instructor set one, else the autograder's, plus extra
credit, exactly like nbgrader's own totals). **Empty cells are not zeros**: a question's cell is empty when the
student has no submission of that assignment, or when the answer still waits for a manual grade (a written
answer). ``<assignment>:total`` is the sum of the points earned so far (empty without a submission) and
``total`` sums the assignment totals the student has (empty when they submitted nothing). Every student in the
gradebook gets a row, even without any submission.

:func:`gather` (the table as Python objects) is reused by ``course report``.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

DESCRIPTION = """\
Write the gradebook as a CSV table with one row per student (every student in the gradebook, also those
without a submission). Columns: student_id, last_name, first_name, email; then for each assignment one
column <assignment>:<grade_id> per graded cell (source-notebook order) and <assignment>:total; last, total.

Values are points earned (the manual score where an instructor set one, else the autograder's).
Empty cells are NOT zeros: empty means "not submitted" or "waiting for a manual grade" (written answers).
Works with the course's SQLite gradebook or any nbgrader db_url (e.g. PostgreSQL)."""

#: fixed leading columns of the CSV
STUDENT_COLUMNS = ["student_id", "last_name", "first_name", "email"]


@dataclass(frozen=True)
class Question:
    """One graded cell of one assignment (a column of the export)."""

    assignment: str
    notebook: str
    grade_id: str
    max_score: float
    kind: str  # "code" (autograded tests), "written" (manually graded markdown) or "task"
    column: str = ""


@dataclass
class Scores:
    """Everything ``export`` and ``report`` need, read from the gradebook in one pass.

    ``points[(student_id, column)]`` is a float, or ``None`` when the cell is empty (not submitted / not graded
    yet); a key is absent for an assignment the student did not submit.
    """

    assignments: list[str]
    questions: list[Question]
    students: list[dict]
    points: dict[tuple[str, str], float | None] = field(default_factory=dict)
    submitted: set[tuple[str, str]] = field(default_factory=set)  # (student_id, assignment)

    def questions_of(self, assignment: str) -> list[Question]:
        return [q for q in self.questions if q.assignment == assignment]

    def max_total(self, assignment: str) -> float:
        return sum(q.max_score for q in self.questions_of(assignment))

    def assignment_total(self, student: str, assignment: str) -> float | None:
        """Points earned in ``assignment`` (``None`` if not submitted)."""
        if (student, assignment) not in self.submitted:
            return None
        return sum(self.points.get((student, q.column)) or 0.0 for q in self.questions_of(assignment))

    def total(self, student: str) -> float | None:
        """Points earned over all submitted assignments (``None`` if nothing was submitted)."""
        totals = [self.assignment_total(student, a) for a in self.assignments]
        totals = [t for t in totals if t is not None]
        return sum(totals) if totals else None

    def values(self, question: Question) -> list[float]:
        """The graded scores of ``question`` over the students who submitted (ungraded ones left out)."""
        return [v for s in self.students
                if (v := self.points.get((s["student_id"], question.column))) is not None]

    def columns(self) -> list[str]:
        cols = list(STUDENT_COLUMNS)
        for a in self.assignments:
            cols += [q.column for q in self.questions_of(a)] + [f"{a}:total"]
        return cols + ["total"]

    def rows(self) -> list[dict]:
        out = []
        for s in self.students:
            sid = s["student_id"]
            row = {k: s.get(k) or "" for k in STUDENT_COLUMNS}
            for a in self.assignments:
                for q in self.questions_of(a):
                    row[q.column] = fmt(self.points.get((sid, q.column)))
                row[f"{a}:total"] = fmt(self.assignment_total(sid, a))
            row["total"] = fmt(self.total(sid))
            out.append(row)
        return out


def fmt(value: float | None) -> str:
    """CSV text of a score: empty for ``None``, no trailing ``.0`` (``30``, ``7.5``)."""
    if value is None:
        return ""
    value = round(float(value), 6)
    return str(int(value)) if value == int(value) else repr(value)


def _cell_order(source_dir: Path, notebook: str) -> dict[str, int]:
    """Position of each ``grade_id`` in the source notebook (so columns follow the assignment's order)."""
    path = source_dir / f"{notebook}.ipynb"
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    order = {}
    for i, cell in enumerate(nb.get("cells", [])):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid is not None:
            order.setdefault(gid, i)
    return order


def gradebook_problem(db_url: str) -> str | None:
    """A message if ``db_url`` is an SQLite file that does not exist (nothing graded yet), else ``None``."""
    if db_url.startswith("sqlite:///"):
        path = db_url[len("sqlite:///"):]
        if path and path != ":memory:" and not os.path.exists(path):
            return f"no gradebook at {path}: nothing has been graded yet (run `course autograde ASSIGNMENT` first)"
    return None


def gather(root, config=None, db_url: str | None = None) -> Scores:
    """Read every student, assignment, graded cell and grade of the course's gradebook.

    Parameters
    ----------
    root : path
        The course root (holds ``nbgrader_config.py``).
    config : traitlets.config.Config, optional
        The loaded course config (default: :func:`~course_grader.config.load_config`).
    db_url : str, optional
        Read this gradebook instead of the configured one.

    Returns
    -------
    Scores
    """
    from nbgrader.api import (Assignment, BaseCell, Grade, Gradebook, Notebook, Student, SubmittedAssignment,
                              SubmittedNotebook, TaskCell)

    from course_grader.config import Paths, load_config

    cfg = load_config(root) if config is None else config
    paths = Paths.of(root, cfg)
    db_url = db_url or paths.db_url
    problem = gradebook_problem(db_url)
    if problem:
        raise FileNotFoundError(problem)
    course_id = cfg.CourseDirectory.get("course_id", "default_course") if "CourseDirectory" in cfg else "default_course"
    with Gradebook(db_url, course_id) as gb:
        db = gb.db
        assignments = sorted(a.name for a in db.query(Assignment).filter(Assignment.course_id == gb.course_id))
        cells = []  # (assignment, notebook, grade_id, max, kind, position)
        for aname in assignments:
            a = gb.find_assignment(aname)
            for nb in sorted(a.notebooks, key=lambda n: n.name):
                order = _cell_order(paths.source_dir(aname), nb.name)
                for cell in list(nb.grade_cells) + list(nb.task_cells):
                    if isinstance(cell, TaskCell):
                        kind = "task"
                    else:
                        kind = "code" if cell.cell_type == "code" else "written"
                    cells.append((aname, nb.name, cell.name, float(cell.max_score), kind,
                                  order.get(cell.name, math.inf)))
        cells.sort(key=lambda c: (c[0], c[1], c[5], c[2]))
        clashes = {(c[0], c[2]) for c in cells if sum(1 for d in cells if (d[0], d[2]) == (c[0], c[2])) > 1}
        questions = []
        for aname, nbname, gid, mx, kind, _ in cells:
            col = f"{aname}:{nbname}/{gid}" if (aname, gid) in clashes else f"{aname}:{gid}"
            questions.append(Question(aname, nbname, gid, mx, kind, col))
        by_key = {(q.assignment, q.notebook, q.grade_id): q for q in questions}

        students = [dict(student_id=s.id, last_name=s.last_name, first_name=s.first_name, email=s.email)
                    for s in db.query(Student).order_by(Student.id)]
        scores = Scores(assignments, questions, students)

        subs = (db.query(SubmittedAssignment.student_id, Assignment.name)
                .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                .filter(Assignment.course_id == gb.course_id))
        scores.submitted = {(sid, aname) for sid, aname in subs}
        for sid, aname in scores.submitted:  # submitted: every question starts as "not graded yet"
            for q in scores.questions_of(aname):
                scores.points[(sid, q.column)] = None

        grades = (db.query(SubmittedAssignment.student_id, Assignment.name, Notebook.name, BaseCell.name,
                           Grade.auto_score, Grade.manual_score, Grade.extra_credit, Grade.needs_manual_grade)
                  .select_from(Grade)
                  .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                  .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                  .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                  .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
                  .join(BaseCell, Grade.cell_id == BaseCell.id)
                  .filter(Assignment.course_id == gb.course_id))
        for sid, aname, nbname, gid, auto, manual, extra, needs_manual in grades:
            q = by_key.get((aname, nbname, gid))
            if q is None:
                continue
            if manual is not None:
                value = manual
            elif auto is not None and not needs_manual:
                value = auto
            elif auto is not None and q.kind == "code":
                value = auto  # code cell flagged for review: the autograder's score stands until changed
            else:
                value = None  # waiting for a manual grade
            if value is not None and extra is not None:
                value += extra
            scores.points[(sid, q.column)] = None if value is None else float(value)
    return scores


def write_csv(scores: Scores, out: str | os.PathLike) -> Path:
    """Write the wide grade table to ``out`` (UTF-8, comma-separated, header row first)."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=scores.columns())
        writer.writeheader()
        writer.writerows(scores.rows())
    return out


def run(args) -> int:
    from course_grader.config import CourseNotFoundError, root_from_args

    try:
        root = root_from_args(args)
        scores = gather(root, db_url=args.db_url)
    except (CourseNotFoundError, FileNotFoundError) as exc:
        print(f"course export: {exc}", file=sys.stderr)
        return 1
    out = write_csv(scores, args.out)
    n_sub = len({s for s, _ in scores.submitted})
    print(f"wrote {out}: {len(scores.students)} students ({n_sub} with a submission), "
          f"{len(scores.assignments)} assignments, {len(scores.questions)} graded questions")
    if len(scores.students) > n_sub:
        print("  empty cells mean 'not submitted' or 'waiting for a manual grade', never zero")
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="grades as CSV: one row per student, a column per graded question and per assignment",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="grades.csv", help="CSV file to write (default: grades.csv)")
    p.add_argument("--db-url", default=None,
                   help="gradebook to read (default: the course's db_url, e.g. sqlite:///gradebook.db)")
    p.set_defaults(func=run)
