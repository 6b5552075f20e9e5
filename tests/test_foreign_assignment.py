"""An nbgrader assignment written elsewhere, in the style of nbgrader's documentation course (``ps1``).

Its source notebook is made here cell by cell with nbformat, not from a MyST source: a problem with an
autograded function (visible and hidden tests in plain ``assert`` form, no ``proven_checks``), a second function
built on the first, a manually graded *code* answer (``solution: true, grade: true`` on a code cell: a plot) and
a manually graded markdown answer. In a temporary copy of the pilot course it goes through ``course release``,
``course check`` (the manual code answer is pending, not lost points), ``course autograde`` (one student id
longer than 30 characters: the tables stay aligned), ``course feedback``, ``course export`` and ``course report``.
"""
from __future__ import annotations

import copy
import csv
import re
from html import unescape

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import grading_class as gc
from course_grader.cli import main

pytestmark = [pytest.mark.slow]

AID, NB = "ps1", "problem1.ipynb"
LONG = "a.very.long.student.identifier@lms.example.org"      # 46 characters

SQUARES = '''def squares(n):
    """The squares of 1..n as a list; ValueError for n < 1."""
    ### BEGIN SOLUTION
    if n < 1:
        raise ValueError("n must be at least 1")
    return [i ** 2 for i in range(1, n + 1)]
    ### END SOLUTION
'''
TEST_SQUARES = '''"""squares returns the right list"""
assert squares(1) == [1]
assert squares(2) == [1, 4]
### BEGIN HIDDEN TESTS
assert squares(11)[-1] == 121, "HIDDEN_ELEVEN"
### END HIDDEN TESTS
'''
TEST_INVALID = '''"""squares refuses n < 1"""
try:
    squares(0)
except ValueError:
    pass
else:
    raise AssertionError("squares(0) did not raise ValueError")
'''
SUM_SQ = '''def sum_of_squares(n):
    """1^2 + ... + n^2, computed with squares."""
    ### BEGIN SOLUTION
    return sum(squares(n))
    ### END SOLUTION
'''
TEST_SUM = '''"""sum_of_squares is correct"""
assert sum_of_squares(3) == 14
### BEGIN HIDDEN TESTS
assert sum_of_squares(10) == 385, "HIDDEN_TEN"
### END HIDDEN TESTS
'''
PLOT = '''# Plot sum_of_squares(n) for n = 1..20 and label your axes (graded by hand).
### BEGIN SOLUTION
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot(range(1, 21), [sum_of_squares(n) for n in range(1, 21)])
ax.set_xlabel("n")
ax.set_ylabel("sum of squares")
### END SOLUTION
'''
# the manual items: 3 points of code graded by hand, 2 points of written answer
MANUAL = {"sum_of_squares_plot": 3, "sum_of_squares_equation": 2}


def _meta(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _source_notebook():
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nb.cells = [
        new_markdown_cell("# Problem 1\nWrite `squares`, then `sum_of_squares` with it."),
        new_code_cell(SQUARES, metadata=_meta("squares", solution=True)),
        new_code_cell(TEST_SQUARES, metadata=_meta("correct_squares", grade=True, locked=True, points=1)),
        new_code_cell(TEST_INVALID, metadata=_meta("squares_invalid_input", grade=True, locked=True, points=1)),
        new_code_cell(SUM_SQ, metadata=_meta("sum_of_squares", solution=True)),
        new_code_cell(TEST_SUM, metadata=_meta("correct_sum_of_squares", grade=True, locked=True, points=2)),
        new_markdown_cell("Plot the sums (the next cell is graded by hand)."),
        new_code_cell(PLOT, metadata=_meta("sum_of_squares_plot", solution=True, grade=True, points=3)),
        new_markdown_cell("Give the closed form of the sum.\n\nYOUR ANSWER HERE",
                          metadata=_meta("sum_of_squares_equation", solution=True, grade=True, points=2)),
    ]
    return nb


def _answer(nb, answers: dict):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return nb


def _run(root, capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--course-dir", str(root), *args])
    return code, capsys.readouterr().out


def _aligned(lines: list[str], marker: str) -> bool:
    """Whether ``marker`` (a regex) ends at the same column on every line."""
    ends = {m.end() for line in lines if (m := re.search(marker, line))}
    return len(ends) == 1 and all(re.search(marker, line) for line in lines)


def test_a_foreign_nbgrader_assignment_through_every_command(tmp_path, capsys):
    root = gc.pilot_copy(tmp_path / "course")
    (root / "solutions" / AID).mkdir()
    nbformat.write(_source_notebook(), root / "solutions" / AID / NB)

    # release: solutions and hidden tests gone; the manual code answer becomes a stub to fill in
    assert _run(root, capsys, "release", AID)[0] == 0
    released = nbformat.read(root / "exercises" / AID / NB, as_version=4)
    text = nbformat.writes(released)
    for secret in ("BEGIN SOLUTION", "HIDDEN", "set_xlabel"):
        assert secret not in text, secret
    plot = next(c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "sum_of_squares_plot")
    assert "raise NotImplementedError()" in plot.source

    # check: the solution keeps every autograded point; the manual code answer is pending, not lost
    code, out = _run(root, capsys, "check", AID, "--jobs", "2")
    assert code == 0, out
    solution_row = next(line for line in out.splitlines() if line.startswith(f"{AID}  ") and " solution " in line)
    assert "4/4 (+5 graded by hand)" in solution_row and solution_row.rstrip().endswith("ok"), out
    assert "FAIL" not in out

    # autograde: a full solution, a wrong sum with answered manual items (long id), and a blank
    blank = nbformat.read(root / "exercises" / AID / NB, as_version=4)
    solution = nbformat.read(root / "solutions" / AID / NB, as_version=4)
    wrong = _answer(solution, {"sum_of_squares": "def sum_of_squares(n):\n    return sum(range(1, n + 1))\n",
                               "sum_of_squares_equation": "n(n+1)(2n+1)/6"})
    for student, nb in (("ada", solution), (LONG, wrong), ("bo", blank)):
        dest = root / "submitted" / student / AID / NB
        dest.parent.mkdir(parents=True)
        nbformat.write(nb, dest)
    code, out = _run(root, capsys, "autograde", AID, "--jobs", "2")
    assert code == 0, out
    assert "missing from the notebook" not in out and "ERROR" not in out
    progress = [line for line in out.splitlines() if re.match(r"  (ada|bo|a\.very)\S* ", line)]
    assert len(progress) == 3 and _aligned(progress, r"\d+/9"), progress
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("student "))
    table = [line for line in lines[head:] if re.match(r"(ada|bo|a\.very)\S* ", line)]
    assert len(table) == 3 and _aligned([lines[head]] + table, r"\s(score|\d+)\s"), lines[head:]
    assert re.search(rf"^{re.escape(LONG)}\s+2\s+9\s+correct_sum_of_squares", out, re.M), out
    assert re.search(r"^ada\s+4\s+9\s+none$", out, re.M), out
    assert "written answers still to grade by hand (formgrader): up to 5 points" in out

    # feedback: every student's page, long id aligned, hidden tests not shown
    code, out = _run(root, capsys, "feedback", AID)
    assert code == 0, out
    rows = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(rows) == 3 and _aligned(rows, r"^  \S+\s+"), rows
    page = unescape(re.sub(r"<[^>]+>", "", (root / "feedback" / LONG / AID / "problem1.html").read_text()))
    assert "sum_of_squares" in page
    for secret in ("HIDDEN_TEN", "HIDDEN_ELEVEN", "385"):
        assert secret not in page, secret

    # export: manual items empty while they wait for a grader (bo's unanswered ones are 0), never lost points
    grades = tmp_path / "grades.csv"
    assert _run(root, capsys, "export", "--out", str(grades))[0] == 0
    table = {r["student_id"]: r for r in csv.DictReader(grades.open(encoding="utf-8"))}
    expect = {"ada": ("1", "1", "2", "", "", "4"), LONG: ("1", "1", "0", "", "", "2"),
              "bo": ("0", "0", "0", "0", "0", "0")}
    cols = [f"{AID}:{g}" for g in ("correct_squares", "squares_invalid_input", "correct_sum_of_squares",
                                   "sum_of_squares_plot", "sum_of_squares_equation", "total")]
    assert {s: tuple(table[s][c] for c in cols) for s in expect} == expect

    # report: the manual code answer is listed as such
    code, out = _run(root, capsys, "report", "--out", str(tmp_path / "report"))
    assert code == 0, out
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert f"{AID}:sum_of_squares_plot<br><small>manual</small>" in index
