"""The README's "Edit or add an assignment", step by step, in a temporary copy of the course.

A new assignment (``tests/fixtures/new_assignment/``: two graded functions and a written answer, written as a
MyST Markdown source, with six planted mistakes) goes through ``course build`` -> ``course release`` ->
``course check`` (every planted mistake caught; a new, uncatchable one fails the check) -> ``course autograde``
of three student submissions -> ``course feedback`` -> ``course export``, whose CSV must hold the expected grades.
"""
from __future__ import annotations

import csv
import re
import shutil
from html import unescape
from pathlib import Path

import nbformat
import pytest

from course_grader.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("new_assignment")]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "new_assignment"
AID = "08_linear_unit"
NAME = "linear_unit"

PREDICT = "def predict(w, b, X):\n    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b\n"
MSE = "def mse_loss(w, b, X, t):\n    return float(0.5 * np.mean((predict(w, b, X) - t) ** 2))\n"
# grade_id -> the student's cell; expected points per graded cell (the written answer waits for a human)
STUDENTS = {
    "ada": ({"predict": PREDICT, "mse_loss": MSE, "written_mean": "So that the error is an average."},
            {"test_predict": 45, "test_mse_loss": 45}),
    # forgets the bias: loses predict only (the mse_loss cell grades with the reference predict)
    "bob": ({"predict": "def predict(w, b, X):\n    return X @ w\n", "mse_loss": MSE},
            {"test_predict": 0, "test_mse_loss": 45}),
    "cyd": ({"predict": PREDICT}, {"test_predict": 45, "test_mse_loss": 0}),
}


def _copy_course(dest: Path) -> Path:
    skip = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info",
                                  "submitted", "autograded", "feedback", "gradebook.db", "exchange", "demo",
                                  "reports", "dist", ".pytest_cache", ".nbgrader.log")
    shutil.copytree(ROOT, dest, ignore=skip)
    return dest


def _run(root: Path, *args: str) -> int:
    return main(["--course-dir", str(root), *args])


def test_a_new_assignment_from_markdown_to_grades(tmp_path, capsys):
    root = _copy_course(tmp_path / "course")

    # 1. write the Markdown source of the new assignment (and its planted mistakes, step 4)
    shutil.copytree(EXAMPLE / "units" / AID, root / "units" / AID)
    shutil.copytree(EXAMPLE / "tests" / "mistakes" / AID, root / "tests" / "mistakes" / AID)

    # 2. build: the nbgrader source notebook appears; the rest of the course is untouched and up to date
    assert _run(root, "build", AID) == 0
    source_nb = nbformat.read(root / "solutions" / AID / f"{NAME}.ipynb", as_version=4)
    ids = [c.id for c in source_nb.cells]
    assert {"predict", "test_predict", "mse_loss", "test_mse_loss", "written_mean"} <= set(ids)
    assert sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in source_nb.cells) == 100
    assert _run(root, "build", "--check") == 0

    # 3. release: the student version has no solution and no hidden tests
    assert _run(root, "release", AID) == 0
    released = (root / "exercises" / AID / f"{NAME}.ipynb").read_text()
    assert "raise NotImplementedError()" in released and "YOUR ANSWER HERE" in released
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "_ref_predict", "default_rng(18)", "np.mean(r ** 2)"):
        assert secret not in released, secret
    assert _run(root, "release", "--check", AID) == 0

    # 5. check: solution full marks, blank zero, every planted mistake caught
    capsys.readouterr()
    assert _run(root, "check", AID, "--jobs", "2") == 0
    out = capsys.readouterr().out
    assert f"{AID}: mutation score 6/6 = 100%" in out, out
    # a "mistake" the tests cannot tell from the solution makes the check fail
    (root / "tests" / "mistakes" / AID / "not_a_mistake.py").write_text(
        '"""The solution again."""\nTARGET = "predict"\nimport numpy as np\n\n\n' + PREDICT)
    assert _run(root, "check", AID, "--jobs", "2") == 1
    assert f"{AID}: mutation score 6/7" in capsys.readouterr().out
    (root / "tests" / "mistakes" / AID / "not_a_mistake.py").unlink()

    # 6. grade: submissions made from the released notebook
    for student, (answers, _) in STUDENTS.items():
        nb = nbformat.read(root / "exercises" / AID / f"{NAME}.ipynb", as_version=4)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in answers:
                cell.source = answers[gid]
        dest = root / "submitted" / student / AID / f"{NAME}.ipynb"
        dest.parent.mkdir(parents=True)
        nbformat.write(nb, dest)
    assert _run(root, "autograde", AID, "--jobs", "2") == 0
    assert _run(root, "feedback", AID) == 0
    page = root / "feedback" / "bob" / AID / f"{NAME}.html"
    text = unescape(re.sub(r"<[^>]+>", "", page.read_text()))
    assert "the bias b is missing" in text, "bob's feedback names his mistake"
    for secret in ("HIDDEN TESTS", "_ref_predict", "default_rng(8)"):
        assert secret not in text, secret

    grades = tmp_path / "grades.csv"
    assert _run(root, "export", "--out", str(grades)) == 0
    rows = {r["student_id"]: r for r in csv.DictReader(grades.open())}
    assert set(rows) == set(STUDENTS)
    for student, (_, points) in STUDENTS.items():
        row = rows[student]
        for grade_id, want in points.items():
            assert float(row[f"{AID}:{grade_id}"]) == want, (student, grade_id, row)
        # an answered written question waits for a manual grade (empty); one left unanswered scores zero
        assert row[f"{AID}:written_mean"] == ("" if "written_mean" in STUDENTS[student][0] else "0"), row
        assert float(row[f"{AID}:total"]) == sum(points.values())
