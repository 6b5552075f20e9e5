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
    assert "written_boundary" in out and "(+10 graded by hand)" in out.splitlines()[0]
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
    lines = out.splitlines()
    i = next(i for i, l in enumerate(lines) if "test_add_bias" in l)
    assert "FAIL" in lines[i] and "AssertionError" in lines[i] and "first column" in lines[i]
    # raised by a check of the test cell itself: the one line, no frames under it
    assert lines[i + 1].startswith("  PASS  test_step")
    # predict's stub raises inside the student's function: the visible test's line, then theirs
    i = next(i for i, l in enumerate(lines) if "test_predict" in l)
    assert "NotImplementedError" in lines[i]
    assert lines[i + 1].startswith("          in the cell `test_predict`, line 3: ck.equal(predict(")
    assert lines[i + 2] == "          in your cell `predict`, line 4, in predict: raise NotImplementedError()"
    # the hidden test of step (step(0) == 1) is not in the student's copy: validate cannot and does not see it
    assert "step(0)" not in out


def test_an_error_inside_the_students_function_shows_their_frames(pilot_course, capsys):
    # the solution notebook keeps its hidden tests: validate shows the student's lines and never a hidden one
    nb = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    _edit(nb, "step", "def step(z):\n    z = np.asarray(z)\n    return (z >= 0).astype(int) + None")
    assert main(["validate", str(nb)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    i = next(i for i, l in enumerate(lines) if "test_step" in l)
    assert "FAIL" in lines[i] and "TypeError: unsupported operand" in lines[i]
    assert lines[i + 1] == "          in your cell `step`, line 3, in step: return (z >= 0).astype(int) + None"
    assert lines[i + 2].startswith("  FAIL  test_predict")      # its test cell holds hidden tests: no frame of it
    assert lines[i + 3:i + 5] == [
        "          in your cell `predict`, line 4, in predict: return step(add_bias(X) @ w)",
        "          in your cell `step`, line 3, in step: return (z >= 0).astype(int) + None"]
    assert "PASS  test_add_bias" in out
    for secret in ("HIDDEN", "step(0)", "np.zeros((2, 3))", "boundary belongs", "predict(X, np.array", "\x1b"):
        assert secret not in out, secret


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


def test_a_code_cell_graded_by_hand_is_answered_only_once_its_stub_is_gone(pilot_course, capsys):
    nb_path = pilot_course / "solutions" / "01_pilot" / "pilot.ipynb"
    nb = json.loads(nb_path.read_text())
    meta = {"grade": True, "solution": True, "locked": False, "task": False, "points": 5,
            "grade_id": "manual_code", "schema_version": 3}
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "manual-code", "outputs": [],
                        "metadata": {"nbgrader": meta}, "source": "# YOUR CODE HERE\nraise NotImplementedError()"})
    nb_path.write_text(json.dumps(nb))
    main(["validate", str(nb_path)])
    line = next(l for l in capsys.readouterr().out.splitlines() if "manual_code" in l)
    assert "graded by hand" in line and "NOT ANSWERED YET" in line, line
    nb["cells"][-1]["source"] = "def plot_boundary():\n    return 'my own code'\n"
    nb_path.write_text(json.dumps(nb))
    main(["validate", str(nb_path)])
    line = next(l for l in capsys.readouterr().out.splitlines() if "manual_code" in l)
    assert line.rstrip().endswith("answered") and "NOT" not in line, line
