"""course validate: the student's pre-submission check."""
from __future__ import annotations

import json
import shutil

import pytest

from course_grader.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("validate")]


def _edit(nb_path, grade_id, source):
    nb = json.loads(nb_path.read_text())
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            cell["source"] = source
    nb_path.write_text(json.dumps(nb))


def test_solution_passes(pilot_course, capsys):
    nb = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    before = nb.read_bytes()
    assert main(["validate", str(nb)]) == 0
    out = capsys.readouterr().out
    assert out.count("PASS") == 3 and "FAIL" not in out
    assert "written_boundary" in out and "graded by hand" in out
    assert nb.read_bytes() == before, "validate must not modify the notebook"


def test_blank_fails_with_exit_1(pilot_course, capsys):
    assert main(["validate", str(pilot_course / "exercises" / "01_pilot" / "pilot.ipynb")]) == 1
    out = capsys.readouterr().out
    assert out.count("FAIL") == 3 and "NotImplementedError" in out and "NOT ANSWERED" in out


def test_wrong_answer_reports_the_tests_message(pilot_course, capsys):
    nb = pilot_course / "exercises" / "01_pilot" / "pilot.ipynb"
    _edit(nb, "add_bias", "def add_bias(X):\n    X = np.asarray(X, dtype=float)\n"
                          "    return np.hstack([X, np.ones((X.shape[0], 1))])")
    _edit(nb, "step", "def step(z):\n    return (np.asarray(z) >= 0).astype(int)")
    assert main(["validate", str(nb)]) == 1
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if "test_add_bias" in l)
    assert "FAIL" in line and "AssertionError" in line and "first column" in line
    assert "PASS  test_step" in out
    # the hidden test of step (step(0) == 1) is not in the student's copy: validate cannot and does not see it
    assert "step(0)" not in out


def test_a_harmless_warning_is_not_a_failure(pilot_course, capsys):
    nb = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    _edit(nb, "step", "import warnings\ndef step(z):\n    warnings.warn('just saying')\n"
                      "    return (np.asarray(z) >= 0).astype(int)")
    assert main(["validate", str(nb)]) == 0
    assert "FAIL" not in capsys.readouterr().out


def test_outside_a_course_and_unreadable_notebooks(pilot_course, tmp_path, capsys):
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(pilot_course / "exercises" / "01_pilot" / "pilot.ipynb", alone)
    shutil.copy(pilot_course / "exercises" / "01_pilot" / "points.csv", alone)
    assert main(["validate", str(alone / "pilot.ipynb")]) == 1          # runs without nbgrader_config.py
    assert "NotImplementedError" in capsys.readouterr().out
    bad = tmp_path / "bad.ipynb"
    bad.write_text('{"cells": [')
    assert main(["validate", str(bad)]) == 2
    assert "could not run" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "missing.ipynb")]) == 2
