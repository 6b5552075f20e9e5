"""``course feedback``: HTML feedback per student that never shows a hidden test, tracebacks included."""
from __future__ import annotations

import html
import json
import re
import warnings

import nbformat
import pytest

from course_grader import cli, config
from course_grader.feedback import (REDACTED, ScrubHiddenTracebacks, hidden_lines, safe_preprocessors,
                                           scrub_text)

import grading_class as gc

# ----------------------------------------------------------------------------------------------- fast tests

VERBOSE_TB = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mAssertionError\x1b[0m                            Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[5], line 3\x1b[0m\n\x1b[1;32m      1\x1b[0m out \x1b[38;5;241m=\x1b[39m step(x)\n"
    "\x1b[1;32m      2\x1b[0m \x1b[38;5;66;03m### BEGIN HIDDEN TESTS\x1b[39;00m\n"
    "\x1b[0;32m----> 3\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m step(\x1b[38;5;241m0.0\x1b[39m) \x1b[38;5;241m==\x1b[39m "
    "\x1b[38;5;241m1\x1b[39m  \x1b[38;5;66;03m# secret edge case\x1b[39;00m\n"
    "\x1b[1;32m      4\x1b[0m \x1b[38;5;66;03m### END HIDDEN TESTS\x1b[39;00m",
    "\x1b[0;31mAssertionError\x1b[0m: ",
]
SOURCE = "out = step(x)\n### BEGIN HIDDEN TESTS\nassert step(0.0) == 1  # secret edge case\n### END HIDDEN TESTS"


def test_hidden_lines():
    assert hidden_lines(SOURCE) == {"### BEGIN HIDDEN TESTS", "assert step(0.0) == 1  # secret edge case",
                                    "### END HIDDEN TESTS"}
    # a line that is also visible is not a secret
    assert hidden_lines("x = 1\n### BEGIN HIDDEN TESTS\nx = 1\ny = 2\n### END HIDDEN TESTS") >= {"y = 2"}
    assert "x = 1" not in hidden_lines("x = 1\n### BEGIN HIDDEN TESTS\nx = 1\n### END HIDDEN TESTS")


def test_scrubber_removes_hidden_lines_from_ipython_tracebacks():
    cell = nbformat.v4.new_code_cell(SOURCE, metadata={"nbgrader": {"grade": True, "grade_id": "test_step"}})
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="", traceback=list(VERBOSE_TB)),
                    nbformat.v4.new_output("stream", name="stdout",
                                           text="<ipython>:3: UserWarning: careful\n  assert step(0.0) == 1  # secret edge case\n")]
    nb = nbformat.v4.new_notebook(cells=[cell])
    ScrubHiddenTracebacks().preprocess(nb, {})
    dumped = json.dumps(nb.cells[0].outputs)
    assert "secret edge case" not in dumped
    assert "BEGIN HIDDEN TESTS" not in "".join(nb.cells[0].outputs[0].traceback)
    assert REDACTED in nb.cells[0].outputs[0].traceback[2]
    assert "out" in nb.cells[0].outputs[0].traceback[2]           # the visible line stays
    assert "UserWarning: careful" in nb.cells[0].outputs[1].text   # so does the warning itself
    assert nb.cells[0].source == SOURCE  # the source is ClearHiddenTests' job


def test_scrub_text_leaves_unrelated_lines():
    assert scrub_text("a\nb", {"assert step(0.0) == 1"}) == "a\nb"
    assert scrub_text("x\n  3 assert step(0.0) == 1\n", {"assert step(0.0) == 1"}) == f"x\n{REDACTED}\n"


def test_course_config_clears_hidden_tests_in_feedback(repo_root):
    """The real course's nbgrader_config.py lists ClearHiddenTests among the feedback preprocessors."""
    cfg = config.load_config(repo_root)
    procs = [p if isinstance(p, str) else p.__name__ for p in cfg.GenerateFeedback.preprocessors]
    assert any(p.endswith("ClearHiddenTests") for p in procs), procs


def test_safe_preprocessors_adds_missing_layers():
    procs, notes = safe_preprocessors(["nbgrader.preprocessors.GetGrades"])
    names = [p if isinstance(p, str) else p.__name__ for p in procs]
    assert names[-2:] == ["course_grader.feedback.ScrubHiddenTracebacks",
                          "nbgrader.preprocessors.ClearHiddenTests"]
    assert notes and "ClearHiddenTests" in notes[0]
    procs2, notes2 = safe_preprocessors(procs)
    assert procs2 == procs and notes2 == []


# ------------------------------------------------------------------------------- real nbgrader (slow) tests

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The pilot with hidden-test markers; perfect, blank and a strict-step student (fails a hidden test)."""
    root = gc.pilot_copy(tmp_path_factory.mktemp("feedback") / "course")
    gc.plant_markers(root)
    gc.release(root)
    gc.submit(root, "perfect", gc.solution(root))
    gc.submit(root, "blank", gc.blank(root))
    gc.submit(root, "strict", gc.with_mistake(root, "step_strict"))
    broken = root / "submitted" / "broken" / gc.AID / gc.NB
    broken.parent.mkdir(parents=True)
    broken.write_text('{"cells": [ {"cell_type": "code", "sou')  # corrupt JSON
    results = gc.autograde(root)
    assert results["perfect"].score == 90 and results["blank"].score == 0
    return root


def _html(root, student):
    """The feedback page, raw and as plain text (tags removed, entities decoded) after a blank line."""
    raw = (root / "feedback" / student / gc.AID / "pilot.html").read_text(encoding="utf-8")
    return raw + "\n\n" + html.unescape(re.sub(r"<[^>]+>", "", raw))


def _hidden_test_failed(root, student) -> bool:
    nb = nbformat.read(root / "autograded" / student / gc.AID / gc.NB, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_step")
    return gc.HIDDEN_MARKER in cell.source and any(o.output_type == "error" for o in cell.outputs)


@pytest.mark.slow
def test_feedback_for_every_student_without_hidden_tests(graded, capsys):
    assert cli.main(["--course-dir", str(graded), "feedback", gc.AID]) == 0
    out = capsys.readouterr().out
    for student in ("perfect", "blank", "strict"):
        assert student in out
        page = _html(graded, student)
        assert gc.HIDDEN_MARKER not in page and gc.HIDDEN_MARKER2 not in page, student
        assert "BEGIN HIDDEN TESTS" not in page and "not_delegated" not in page
        assert "def step(z)" in page  # the student's own code is there
    # the strict student really failed the hidden test whose line carries the marker ...
    assert _hidden_test_failed(graded, "strict")
    # ... and sees the assertion's teaching message, not the hidden code
    assert "step(0)" in _html(graded, "strict")
    assert re.search(r"Score: 0\.0 / 30\.0", _html(graded, "strict"))  # test_step lost its points


@pytest.mark.slow
def test_marker_check_can_fail(graded, tmp_path):
    """Control: nbgrader's default feedback (no ClearHiddenTests) does show the marker, so the check above bites."""
    from nbgrader.converters import GenerateFeedback

    cfg = config.load_config(graded)
    cfg.GenerateFeedback.preprocessors = list(GenerateFeedback.class_traits()["preprocessors"].default())
    cfg.CourseDirectory.feedback_directory = str(tmp_path / "plain-feedback")
    api = config.make_api(graded, cfg)
    assert api.generate_feedback(gc.AID, "strict")["success"]
    page = (tmp_path / "plain-feedback" / "strict" / gc.AID / "pilot.html").read_text(encoding="utf-8")
    assert gc.HIDDEN_MARKER in page


@pytest.mark.slow
def test_feedback_one_student_and_errors(graded, capsys):
    target = graded / "feedback" / "perfect" / gc.AID / "pilot.html"
    target.unlink(missing_ok=True)
    assert cli.main(["--course-dir", str(graded), "feedback", gc.AID, "--student", "perfect"]) == 0
    assert target.is_file() and gc.HIDDEN_MARKER2 not in target.read_text()
    assert cli.main(["--course-dir", str(graded), "feedback", gc.AID, "--student", "nobody"]) == 1
    assert "nobody has no autograded" in capsys.readouterr().err
    assert cli.main(["--course-dir", str(graded), "feedback", "99_missing"]) == 1
    assert "nothing autograded" in capsys.readouterr().err


def test_safe_preprocessors_without_configuration():
    procs, notes = safe_preprocessors(None)
    names = [p if isinstance(p, str) else f"{p.__module__}.{p.__name__}" for p in procs]
    assert names[0].endswith("GetGrades") and names[-1].endswith("ClearHiddenTests") and notes


@pytest.mark.slow
def test_unreadable_submission_gets_a_notice(graded, capsys):
    """nbgrader writes no feedback without an autograded notebook; the student still learns why it scored 0."""
    assert cli.main(["--course-dir", str(graded), "feedback", gc.AID]) == 0
    assert "broken" in capsys.readouterr().out
    page = (graded / "feedback" / "broken" / gc.AID / "pilot.html").read_text(encoding="utf-8")
    assert "Score 0 / 100" in page and "pilot.ipynb cannot be read" in page
    assert not (graded / "autograded" / "broken").exists()


def test_a_submission_whose_grading_was_stopped_gets_a_notice(graded, capsys):
    """A worker stopped by the pool's safety-net budget leaves a zero and no autograded notebook (what
    GraderPool.run records): the student still gets a page saying the grading could not finish."""
    from course_grader import autograde as ag
    from course_grader.config import load_config

    gc.submit(graded, "stopped", gc.solution(graded))
    res = {"student": "stopped", "status": ag.BROKEN, "messages": {}, "log": "", "sandbox": None,
           "autograded": None, "submission": None, "zero": ["*"], "seconds": 999.0,
           "problems": ["grading took longer than the 690 s budget: stopped, scored zero"]}
    with warnings.catch_warnings():
        ag._quiet_warnings()   # as course autograde does: nbgrader's API trips SQLAlchemy's autoflush notes
        out = ag.merge_result(graded, gc.AID, res, load_config(graded))
    assert out.score == 0 and not (graded / "autograded" / "stopped").exists()
    assert cli.main(["--course-dir", str(graded), "feedback", gc.AID, "--student", "stopped"]) == 0
    assert "not autograded" in capsys.readouterr().out
    page = html.unescape((graded / "feedback" / "stopped" / gc.AID / "pilot.html").read_text(encoding="utf-8"))
    assert "Score 0 / 100" in page and "could not finish grading it" in page and "course validate" in page
