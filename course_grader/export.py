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

``--format canvas|moodle --roster roster.csv`` writes, instead, the file a learning platform's gradebook
import accepts: one row per student of the roster, one column per assignment (its total, in points or, with
``--scale percent``, as a percentage of its maximum). See :data:`ROSTER_HELP` for the roster's columns and
:func:`lms_table` for the two layouts. A student in the gradebook but not in the roster, or in the roster but
not in the gradebook, or in the roster without the identifier the platform needs, is listed on stderr and
makes the exit status 1 (the file is written all the same; ``--allow-missing`` keeps the status 0).
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
    kind: str  # "code" (autograded tests), "written" (manually graded markdown), "manual" (code graded by hand) or "task"
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
                answers = {c.name for c in nb.solution_cells}   # a grade cell that is also an answer: by hand
                for cell in list(nb.grade_cells) + list(nb.task_cells):
                    if isinstance(cell, TaskCell):
                        kind = "task"
                    elif cell.cell_type != "code":
                        kind = "written"
                    else:
                        kind = "manual" if cell.name in answers else "code"
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


# ------------------------------------------------------------------------------------------------ LMS files

ROSTER_HELP = """\
The roster is a CSV file with a header row (UTF-8) mapping nbgrader student ids to the platform's
identities, one row per student; unknown columns are ignored:
  student_id    the nbgrader student id (required, unique)
  name          the name shown in the file (optional; default: the gradebook's "Last, First", else the id)
  canvas_id     Canvas's user ID            \\
  sis_user_id   Canvas's SIS User ID         > Canvas: at least one of the three (Canvas matches on them)
  sis_login_id  Canvas's SIS Login ID       /
  section       Canvas's section (optional, informative)
  email, username, idnumber   Moodle: the one --moodle-id names must be filled (default: email)"""

#: the identity columns Canvas's gradebook import expects before the assignments (in this order)
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
#: Moodle's user fields that its grade import can map a column to, with the column title its own export uses
MOODLE_IDS = {"email": "Email address", "username": "Username", "idnumber": "ID number"}
ROSTER_ID = "student_id"


class RosterError(ValueError):
    """The roster file cannot be used (missing, no ``student_id`` column, a duplicate id)."""


def read_roster(path: str | os.PathLike) -> list[dict]:
    """The roster's rows as dicts (keys lower-cased, values stripped), in the file's order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RosterError(f"cannot read the roster {path}: {exc.strerror or exc}") from None
    reader = csv.DictReader(text.splitlines())
    fields = [(f or "").strip().lower() for f in (reader.fieldnames or [])]
    if ROSTER_ID not in fields:
        raise RosterError(f"the roster {path} has no {ROSTER_ID!r} column (its header: {', '.join(fields) or 'empty'})")
    rows, seen = [], {}
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        sid = row.get(ROSTER_ID, "")
        if not sid:
            if any(row.values()):
                raise RosterError(f"the roster {path}, line {n}: no {ROSTER_ID}")
            continue   # a blank line
        if sid in seen:
            raise RosterError(f"the roster {path}: student_id {sid!r} on lines {seen[sid]} and {n}")
        seen[sid] = n
        rows.append(row)
    return rows


@dataclass
class LmsReport:
    """Who could not be matched, and totals that are not final yet (see :func:`lms_table`)."""

    not_in_roster: list[str] = field(default_factory=list)      # graded students without a roster row: left out
    not_in_gradebook: list[str] = field(default_factory=list)   # roster rows unknown to the gradebook: empty grades
    no_identity: list[str] = field(default_factory=list)        # roster rows without the LMS identifier: left out
    pending: list[str] = field(default_factory=list)            # "student: assignment" with a manual grade pending

    @property
    def missing(self) -> bool:
        return bool(self.not_in_roster or self.not_in_gradebook or self.no_identity)

    def lines(self, fmt_name: str, id_label: str) -> list[str]:
        out = []
        if self.not_in_roster:
            out.append(f"{len(self.not_in_roster)} student(s) in the gradebook but not in the roster "
                       f"(NOT in the file): " + ", ".join(self.not_in_roster))
        if self.no_identity:
            out.append(f"{len(self.no_identity)} roster student(s) without {id_label} (NOT in the file: "
                       f"{fmt_name} could not match them): " + ", ".join(self.no_identity))
        if self.not_in_gradebook:
            out.append(f"{len(self.not_in_gradebook)} roster student(s) not in the gradebook (in the file with "
                       f"empty grades): " + ", ".join(self.not_in_gradebook))
        if self.pending:
            out.append(f"{len(self.pending)} total(s) leave out written answers still to grade by hand "
                       f"(the file holds the points so far): " + ", ".join(self.pending))
        return out


def _value(scores: Scores, sid: str, assignment: str, scale: str) -> str:
    total = scores.assignment_total(sid, assignment)
    if total is None:
        return ""
    if scale == "percent":
        top = scores.max_total(assignment)
        return fmt(round(100.0 * total / top, 2)) if top else ""
    return fmt(total)


def lms_table(scores: Scores, roster: list[dict], lms: str, scale: str = "points", moodle_id: str = "email",
              titles: dict[str, str] | None = None,
              assignments: list[str] | None = None) -> tuple[list[list[str]], LmsReport]:
    """The rows (header first) of a Canvas or Moodle grade import file, and who could not be matched.

    Canvas: ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per assignment, a
    ``Points Possible`` row (each assignment's maximum, or 100 with ``scale="percent"``), then one row per
    roster student. An assignment column is titled by ``titles`` (e.g. ``"Perceptron (4321)"``, Canvas's
    ``name (assignment id)`` of an existing assignment) or by the assignment id (Canvas then creates the
    assignment). Moodle: the identifier column (``Email address``, ``Username`` or ``ID number``, the user field
    its import maps it to), then one column per assignment (map each to a grade item when importing).

    Values: the assignment's total (points, or percent of its maximum rounded to 0.01); empty when the student
    has no submission of it (Canvas and Moodle leave an empty cell's grade unchanged).
    """
    titles = titles or {}
    names = list(assignments) if assignments else list(scores.assignments)
    known = {s["student_id"]: s for s in scores.students}
    report = LmsReport()
    in_roster = {r[ROSTER_ID] for r in roster}
    report.not_in_roster = [sid for sid in known if sid not in in_roster]
    heads = [titles.get(a, a) for a in names]
    if lms == "canvas":
        rows = [CANVAS_COLUMNS + heads,
                ["Points Possible", "", "", "", ""]
                + [fmt(100.0 if scale == "percent" else scores.max_total(a)) for a in names]]
        id_cols = ["canvas_id", "sis_user_id", "sis_login_id"]
    elif lms == "moodle":
        if moodle_id not in MOODLE_IDS:
            raise ValueError(f"--moodle-id must be one of {', '.join(MOODLE_IDS)}, not {moodle_id!r}")
        rows = [[MOODLE_IDS[moodle_id]] + heads]
        id_cols = [moodle_id]
    else:
        raise ValueError(f"unknown LMS format {lms!r}")
    for r in roster:
        sid = r[ROSTER_ID]
        if not any(r.get(c) for c in id_cols):
            report.no_identity.append(sid)
            continue
        if sid not in known:
            report.not_in_gradebook.append(sid)
        values = [_value(scores, sid, a, scale) for a in names]
        for a in names:
            if (sid, a) in scores.submitted and any(scores.points.get((sid, q.column), 0.0) is None
                                                    for q in scores.questions_of(a)):
                report.pending.append(f"{sid}: {a}")
        if lms == "canvas":
            g = known.get(sid, {})
            shown = r.get("name") or (", ".join(x for x in (g.get("last_name"), g.get("first_name")) if x)) or sid
            rows.append([shown, r.get("canvas_id", ""), r.get("sis_user_id", ""), r.get("sis_login_id", ""),
                         r.get("section", "")] + values)
        else:
            rows.append([r[moodle_id]] + values)
    return rows, report


def write_rows(rows: list[list[str]], out: str | os.PathLike) -> Path:
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return out


def _titles(pairs: list[str] | None) -> dict[str, str]:
    titles = {}
    for pair in pairs or []:
        aid, sep, title = pair.partition("=")
        if not sep or not aid.strip() or not title.strip():
            raise ValueError(f"--title must look like ASSIGNMENT=TEXT, not {pair!r}")
        titles[aid.strip()] = title.strip()
    return titles


def run_lms(args, scores: Scores) -> int:
    try:
        if not args.roster:
            raise ValueError(f"--format {args.format} needs --roster FILE (nbgrader ids -> {args.format} identities)")
        roster = read_roster(args.roster)
        titles = _titles(args.title)
        unknown = [a for a in list(titles) + list(args.assignment or []) if a not in scores.assignments]
        if unknown:
            raise ValueError(f"no such assignment in the gradebook: {', '.join(unknown)}")
        rows, report = lms_table(scores, roster, args.format, args.scale, args.moodle_id, titles, args.assignment)
    except ValueError as exc:   # RosterError included
        print(f"course export: {exc}", file=sys.stderr)
        return 2
    out = write_rows(rows, args.out)
    id_label = "canvas_id, sis_user_id or sis_login_id" if args.format == "canvas" else args.moodle_id
    for line in report.lines(args.format, id_label):
        print(f"course export: {line}", file=sys.stderr)
    n = len(rows) - (2 if args.format == "canvas" else 1)
    n_assign = len(rows[0]) - (len(CANVAS_COLUMNS) if args.format == "canvas" else 1)
    print(f"wrote {out} ({args.format}, {args.scale}): {n} students, {n_assign} assignments; "
          f"{len(report.not_in_roster)} not in the roster, {len(report.no_identity)} without {id_label}, "
          f"{len(report.not_in_gradebook)} not in the gradebook")
    return 1 if report.missing and not args.allow_missing else 0


def run(args) -> int:
    from course_grader.config import CourseNotFoundError, root_from_args

    try:
        root = root_from_args(args)
        scores = gather(root, db_url=args.db_url)
    except (CourseNotFoundError, FileNotFoundError) as exc:
        print(f"course export: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "format", "csv") != "csv":
        return run_lms(args, scores)
    if getattr(args, "mistakes", False):   # a column <assignment>:mistakes (course_grader.mistakes)
        from course_grader.mistakes import write_export
        out = write_export(scores, root, args.out)
    else:
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
    p.add_argument("--mistakes", action="store_true",
                   help="add a column <assignment>:mistakes per assignment: the student's mistake ids (';'-separated), "
                        "read from the autograded notebooks")
    lms = p.add_argument_group("learning platforms (Canvas, Moodle)", ROSTER_HELP)
    lms.add_argument("--format", choices=["csv", "canvas", "moodle"], default="csv",
                     help="csv: the wide table above (default); canvas/moodle: their gradebook import layout, "
                          "one column per assignment (needs --roster)")
    lms.add_argument("--roster", metavar="FILE", default=None, help="CSV mapping student_id to LMS identities")
    lms.add_argument("--scale", choices=["points", "percent"], default="points",
                     help="assignment totals in points (default) or in percent of the assignment's maximum")
    lms.add_argument("--moodle-id", choices=sorted(MOODLE_IDS), default="email",
                     help="the user field Moodle matches on (default: email)")
    lms.add_argument("--title", action="append", metavar="ASSIGNMENT=TEXT",
                     help="column title of an assignment (repeatable), e.g. for an existing Canvas assignment "
                          "'01_perceptron=Perceptron (4321)'; default: the assignment id")
    lms.add_argument("--assignment", action="append", metavar="ID",
                     help="export only this assignment (repeatable; default: every assignment in the gradebook)")
    lms.add_argument("--allow-missing", action="store_true",
                     help="exit 0 even when students are missing on either side (they are still listed)")
    p.set_defaults(func=run)
