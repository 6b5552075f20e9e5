"""Unit 3 (sigmoid units): the assignment's structure holds, and the numbers quoted in the lecture and hard-coded
in the exercise hold for course_utils."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np

from course_utils.activations import log_softmax, sigmoid, sigmoid_grad, softmax
from course_utils.losses import binary_cross_entropy_with_logits

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "03_sigmoid_units" / "sigmoid_units.ipynb"
MISTAKES = ROOT / "tests" / "mistakes" / "03_sigmoid_units"
GRADED = ["sigmoid", "sigmoid_grad", "logistic_squared_loss_grads", "bce_loss_and_grads", "softmax",
          "train_logistic_regression"]


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def test_structure_points_and_contract_names():
    nb = nbformat.read(SOLUTION, as_version=4)
    answers = [_nbgrader(c)["grade_id"] for c in nb.cells if _nbgrader(c).get("solution") and c.cell_type == "code"]
    assert answers == GRADED
    grades = {_nbgrader(c)["grade_id"]: _nbgrader(c)["points"] for c in nb.cells if _nbgrader(c).get("grade")}
    assert sum(grades.values()) == 100
    assert set(grades) == {f"test_{g}" for g in GRADED} | {"written_confidently_wrong"}
    for c in nb.cells:
        if _nbgrader(c).get("grade") and c.cell_type == "code":
            assert c.source.startswith("from course_utils.checks import proven_checks\nck = proven_checks()")
            assert "### BEGIN HIDDEN TESTS" in c.source and "ck.not_delegated(" in c.source


def test_at_least_three_planted_mistakes_per_graded_function():
    counts = {g: 0 for g in GRADED}
    for path in MISTAKES.glob("*.py"):
        counts[re.search(r'^TARGET = "(\w+)"', path.read_text(), re.M).group(1)] += 1
    assert all(n >= 3 for n in counts.values()), counts


def test_worked_softmax_example():
    o = np.array([0.6, -1.0, 5.0, 8.0, 4.0])
    assert np.allclose(softmax(o), [0.000572, 0.000115, 0.046581, 0.935596, 0.017136], atol=5e-7)
    assert abs(np.sum(np.exp(o)) - 3186.1593) < 1e-4
    assert abs(-log_softmax(o)[3] - 0.0666) < 5e-5 and abs(-log_softmax(o)[2] - 3.0666) < 5e-5
    assert abs(sum([0.006, 0.0001, 0.047, 0.94, 0.17]) - 1.1631) < 1e-12        # the seed slide's slip


def test_confidently_wrong_numbers_of_the_lecture_and_the_model_answer():
    y = sigmoid(-10.0)
    se, ce = (y - 1) * sigmoid_grad(-10.0), y - 1
    assert abs(se + 4.54e-5) < 1e-7 and abs(ce + 1.0) < 1e-4
    assert 22_000 <= ce / se < 22_100                                            # "about 22 000 times"
    assert abs(0.999 * 0.999 * 0.001 - 0.001) < 1e-5                              # quiz 3


def test_stable_cross_entropy_from_logits():
    loss, grad = binary_cross_entropy_with_logits(np.array([1e4, -1e4]), np.array([0.0, 1.0]))
    assert loss == 1e4 and np.allclose(grad, [0.5, -0.5])
