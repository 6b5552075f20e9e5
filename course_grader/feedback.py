"""``course feedback ASSIGNMENT [--student ID]``: HTML feedback per student, hidden tests hidden.

Runs nbgrader's ``generate_feedback`` on the autograded notebooks (``autograded/<student>/<assignment>/``)
and writes ``feedback/<student>/<assignment>/<notebook>.html``.

Hidden tests must never reach a student. Two layers make sure of it:

1. ``ClearHiddenTests`` in ``GenerateFeedback.preprocessors`` (set in the course's ``nbgrader_config.py``)
   removes the ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block from the grade cells' source.
   If a course's config forgot it, this command adds it (and says so).
2. :class:`ScrubHiddenTracebacks`, run just before, removes any line of a hidden block from the cell's
   *outputs* too: an IPython traceback or a warning prints the source line that failed, which would
   otherwise show a hidden test even though the cell's source is cleared. (The course's kernels also run with
   ``--InteractiveShell.xmode=Minimal``, so tracebacks carry no source but the student's own frames, from
   their cells (:mod:`course_grader.tracebacks`); this layer also protects notebooks autograded without that.)
"""
from __future__ import annotations

import argparse
import sys

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from .notebooks import REDACTED, hidden_lines, scrub_text  # noqa: F401  (REDACTED: re-exported)

CLEAR_HIDDEN = "nbgrader.preprocessors.ClearHiddenTests"
SCRUB = "course_grader.feedback.ScrubHiddenTracebacks"

class ScrubHiddenTracebacks(NbGraderPreprocessor):
    """Remove hidden-test source lines from grade cells' outputs (tracebacks, warnings, printed text).

    Must run *before* ``ClearHiddenTests`` (it reads the hidden block from the cell's source).
    """

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.get("outputs"):
            return cell, resources
        secrets = hidden_lines(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
        if not secrets:
            return cell, resources
        for out in cell.outputs:
            if out.output_type == "error":
                out.traceback = [scrub_text(t, secrets) for t in out.get("traceback", [])]
                out.evalue = scrub_text(out.get("evalue", ""), secrets)
            elif out.output_type == "stream":
                out.text = scrub_text(out.get("text", ""), secrets)
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                for mime in ("text/plain", "text/html", "text/markdown"):
                    if isinstance(data.get(mime), str):
                        data[mime] = scrub_text(data[mime], secrets)
        return cell, resources


def _name(p) -> str:
    return p if isinstance(p, str) else f"{p.__module__}.{p.__qualname__}"


def safe_preprocessors(configured) -> tuple[list, list[str]]:
    """``GenerateFeedback.preprocessors`` with the scrubber, then ``ClearHiddenTests``, guaranteed.

    Returns the list and a list of notes about what had to be added.
    """
    from nbgrader.converters import GenerateFeedback

    procs = list(configured) if configured else list(GenerateFeedback.class_traits()["preprocessors"].default())
    names = [_name(p) for p in procs]
    notes = []
    if not any(n.endswith("ClearHiddenTests") for n in names):
        procs.append(CLEAR_HIDDEN)
        notes.append("nbgrader_config.py does not list ClearHiddenTests in GenerateFeedback.preprocessors: "
                     "added it (hidden tests would otherwise appear in the feedback)")
    names = [_name(p) for p in procs]
    if SCRUB not in names:
        at = next(i for i, n in enumerate(names) if n.endswith("ClearHiddenTests"))
        procs.insert(at, SCRUB)
    return procs, notes


def generate(root, assignment: str, student: str | None = None, config=None, unreadable: bool = False):
    """Generate feedback for ``assignment`` (one student or all autograded ones).

    Returns
    -------
    result : dict
        nbgrader's result (``success``, ``log``, ``error``) plus ``notes`` (config fixes applied) and
        ``files``: ``{student_id: [feedback html paths]}``; with ``unreadable``, also ``notices``
        (:func:`unreadable_notices` for the students without an autograded notebook).
    """
    from course_grader.config import Paths, load_config, make_api

    cfg = load_config(root) if config is None else config
    procs, notes = safe_preprocessors(cfg.GenerateFeedback.get("preprocessors") if "GenerateFeedback" in cfg
                                      else None)
    cfg.GenerateFeedback.preprocessors = procs
    api = make_api(root, cfg)
    api.log.setLevel("ERROR")
    result = dict(api.generate_feedback(assignment, student))
    result["notes"] = notes
    paths = Paths.of(root, cfg)
    students = [student] if student else [s for s in paths.students()
                                          if paths.autograded_dir(s, assignment).is_dir()]
    result["files"] = {s: sorted(paths.feedback_dir(s, assignment).glob("*.html")) for s in students}
    if unreadable:
        result["notices"] = unreadable_notices(
            root, assignment, [s for s in ([student] if student else paths.students(assignment))
                               if s not in result["files"]], cfg)
    return result


NOTICE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{notebook}: not graded</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 42em; margin: 3em auto; line-height: 1.5; }}
.box {{ border-left: 4px solid #C44E52; background: #fdecea; padding: .8em 1.2em; }}</style></head>
<body><h1>{notebook} ({assignment}): Score 0 / {max_score:g}</h1>
<div class="box"><p>Your submission could not be graded: <strong>{reason}</strong>.</p></div>
<p>{advice}</p></body></html>
"""
ADVICE_UNREADABLE = ("The autograder needs the notebook exactly as you saved it in JupyterLab: a valid "
                     "<code>.ipynb</code> file with its original name. Open your copy in JupyterLab to check it, run "
                     "<code>course validate</code> on it, and contact your instructor with the file if you believe "
                     "it is fine.")
#: a readable notebook without an autograded copy: the grading process was stopped (safety-net budget) or died
UNFINISHED = ("the autograder could not finish grading it (the grading of your whole submission ran past its "
              "time budget, or the grading process itself failed)")
ADVICE_UNFINISHED = ("Run the notebook from top to bottom in JupyterLab (<em>Restart Kernel and Run All Cells</em>) "
                     "and check how long it takes, run <code>course validate</code> on it, and ask your instructor "
                     "to grade it again.")


def unreadable_notices(root, assignment: str, students: list[str], config=None) -> dict[str, list]:
    """Feedback pages for submissions the autograder recorded as zero without an autograded notebook: files it
    could not read at all, or a grading run stopped by the grader's own safety-net budget (or a crash of the
    grading process).

    Such a submission has a grade in the gradebook but no autograded notebook, so nbgrader writes no feedback;
    without this page the student would receive nothing. Returns ``{student: [html paths]}``.
    """
    import html as _html

    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.coursedir import CourseDirectory

    from course_grader.notebooks import precheck as _precheck
    from course_grader.config import Paths, load_config

    cfg = load_config(root) if config is None else config
    paths = Paths.of(root, cfg)
    written: dict[str, list] = {}
    with Gradebook(paths.db_url, CourseDirectory(config=cfg).course_id) as gb:
        try:
            notebooks = {nb.name: nb.max_score for nb in gb.find_assignment(assignment).notebooks}
        except MissingEntry:
            return written
        for student in students:
            if paths.autograded_dir(student, assignment).is_dir():
                continue
            try:
                gb.find_submission(assignment, student)
            except MissingEntry:
                continue  # never graded: nothing to say yet
            unreadable = _precheck(paths.submitted_dir(student, assignment), sorted(notebooks))
            for name in sorted(notebooks):
                reason, advice = ((unreadable[name], ADVICE_UNREADABLE) if name in unreadable
                                  else (UNFINISHED, ADVICE_UNFINISHED))
                dest = paths.feedback_dir(student, assignment) / f"{name}.html"
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(NOTICE.format(notebook=_html.escape(name), assignment=_html.escape(assignment),
                                              max_score=notebooks[name], reason=_html.escape(reason),
                                              advice=advice), encoding="utf-8")
                written.setdefault(student, []).append(dest)
    return written


def run(args) -> int:
    from course_grader.config import (CourseNotFoundError, Paths, assignments, pick_assignments,
                                             root_from_args)

    try:
        root = root_from_args(args)
    except CourseNotFoundError as exc:
        print(f"course feedback: {exc}", file=sys.stderr)
        return 1
    paths = Paths.of(root)
    try:
        names = pick_assignments(args.assignment, getattr(args, "all", False), lambda: [
            a for a in assignments(root) if any(paths.autograded_dir(s, a).is_dir() for s in paths.students())],
            "feedback")
    except ValueError as exc:
        print(f"course feedback: {exc}", file=sys.stderr)
        return 2
    if not names:
        print("course feedback: nothing autograded yet; run `course autograde --all` first", file=sys.stderr)
        return 1
    codes = []
    for aid in names:
        if len(names) > 1:
            print(f"{aid}:")
        codes.append(_feedback_for(root, paths, aid, args.student))
    return max(codes)


def _feedback_for(root, paths, assignment: str, student: str | None) -> int:
    """Feedback of one assignment (every autograded student, or ``student``); prints a line per student."""
    if student and not paths.autograded_dir(student, assignment).is_dir():
        notices = unreadable_notices(root, assignment, [student])
        if notices:
            print(f"  {student:<24} {', '.join(str(f.relative_to(root)) for f in notices[student])} "
                  f"(not autograded: a page saying why it scored zero)")
            return 0
        print(f"course feedback: {student} has no autograded {assignment} "
              f"(expected {paths.autograded_dir(student, assignment)}); run `course autograde` first",
              file=sys.stderr)
        return 1
    if not student and not any(paths.autograded_dir(s, assignment).is_dir() for s in paths.students()):
        print(f"course feedback: nothing autograded for {assignment} yet; run `course autograde "
              f"{assignment}` first", file=sys.stderr)
        return 1
    res = generate(root, assignment, student)
    for note in res["notes"]:
        print(f"warning: {note}", file=sys.stderr)
    missing = []
    w = max([24] + [len(s) for s in list(res["files"]) + list(paths.students(assignment))])   # long ids stay aligned
    for who, files in res["files"].items():
        if files:
            print(f"  {who:<{w}} {', '.join(str(f.relative_to(root)) for f in files)}")
        else:
            missing.append(who)
            print(f"  {who:<{w}} NO FEEDBACK")
    if not res.get("success", False) or missing:
        print(f"course feedback: nbgrader generate_feedback failed for {len(missing)} student(s)", file=sys.stderr)
        err = res.get("error") or res.get("log") or ""
        if err:
            print(err.strip()[-3000:], file=sys.stderr)
        return 1
    if not student:
        others = [s for s in paths.students(assignment) if s not in res["files"]]
        notices = unreadable_notices(root, assignment, others)
        for who in others:
            if who in notices:
                print(f"  {who:<{w}} {', '.join(str(f.relative_to(root)) for f in notices[who])} "
                      f"(not autograded: a page saying why it scored zero)")
            else:
                print(f"  {who:<{w}} no feedback: not autograded yet")
    print(f"feedback for {len(res['files'])} student(s) in {paths.feedback} (hidden tests removed)")
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "feedback", help="HTML feedback per student (hidden tests and their traceback lines removed)",
        description="Write feedback/<student>/ASSIGNMENT/<notebook>.html from the autograded notebooks with "
                    "nbgrader's generate_feedback. Hidden tests are removed from the grade cells and from "
                    "their outputs (tracebacks, warnings).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("assignment", metavar="ASSIGNMENT", nargs="*", help="assignment id(s), e.g. 01_perceptron")
    p.add_argument("--all", action="store_true", help="every assignment with autograded submissions")
    p.add_argument("--student", default=None, metavar="ID", help="only this student (default: every autograded one)")
    p.set_defaults(func=run)
