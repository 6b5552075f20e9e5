"""Unit 4 (backprop): the assignment's structure holds, and the facts and hard-coded numbers of the lecture and the
exercise hold for the reference implementation."""
from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils.activations import softmax
from course_utils.data import load_digits, train_val_test_split
from course_utils.layers import affine_forward
from course_utils.losses import softmax_cross_entropy

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "04_backprop" / "backprop.ipynb"
MISTAKES = ROOT / "tests" / "mistakes" / "04_backprop"
GRADED = ["numerical_gradient", "affine_forward", "affine_backward", "relu_forward", "relu_backward",
          "softmax_cross_entropy", "two_layer_loss_and_grads", "train_two_layer"]


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def test_structure_points_and_contract_names():
    nb = nbformat.read(SOLUTION, as_version=4)
    answers = [_nbgrader(c)["grade_id"] for c in nb.cells
               if _nbgrader(c).get("solution") and c.cell_type == "code"]
    assert answers == GRADED
    grades = {_nbgrader(c)["grade_id"]: _nbgrader(c)["points"] for c in nb.cells if _nbgrader(c).get("grade")}
    assert sum(grades.values()) == 100
    assert set(grades) == {f"test_{g}" for g in GRADED} | {"written_backward_cost"}
    for c in nb.cells:
        if _nbgrader(c).get("solution") and c.cell_type == "code":
            name = _nbgrader(c)["grade_id"]
            head = c.source.split("### BEGIN SOLUTION")[0]
            assert f"def {name}(" in head and '"""' in head, f"{name}: signature and docstring must precede the solution"
        if _nbgrader(c).get("grade") and c.cell_type == "code":
            assert c.source.startswith("from course_utils.checks import proven_checks\nck = proven_checks()")
            assert "### BEGIN HIDDEN TESTS" in c.source and "ck.not_delegated(" in c.source


def test_at_least_three_planted_mistakes_per_graded_function():
    counts = {g: 0 for g in GRADED}
    for path in MISTAKES.glob("*.py"):
        target = re.search(r'^TARGET = "(\w+)"', path.read_text(), re.M).group(1)
        counts[target] += 1
    assert all(n >= 3 for n in counts.values()), counts


def test_graph_example_and_multivariate_chain_rule():
    x, y, z = -2.0, 5.0, -4.0
    q = x + y
    assert (q, q * z) == (3.0, -12.0)
    assert (z, z, q) == (-4.0, -4.0, 3.0)          # df/dx, df/dy, df/dz

    def f(t):
        return t ** 2 + math.exp(math.cos(t) * t ** 2)
    t = 1.0
    xs, ys = math.cos(t), t ** 2
    formula = ys * math.exp(xs * ys) * (-math.sin(t)) + (1 + xs * math.exp(xs * ys)) * 2 * t
    h = 1e-5
    assert abs(formula - (f(t + h) - f(t - h)) / (2 * h)) < 1e-8
    assert abs(formula - 2.4104790162) < 1e-9


def test_softmax_cross_entropy_gradient_is_softmax_minus_onehot():
    rng = np.random.default_rng(0)
    o, y = rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
    _, grad = softmax_cross_entropy(o, y)
    assert np.allclose(grad, (softmax(o) - np.eye(4)[y]) / 5)
    assert np.allclose(grad.sum(axis=1), 0)


def test_numbers_hard_coded_in_the_visible_tests():
    x = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5], [1.0, 1.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]])
    b = np.array([0.5, -1.0, 2.0])
    expected = [[5.5, 1.0, 2.0], [-1.5, -2.0, 1.5], [4.5, -0.5, -0.75], [3.5, 0.0, 1.5]]
    assert np.allclose(affine_forward(x, W, b)[0], expected)
    loss, grad = softmax_cross_entropy(np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0]]), [1, 1])
    assert abs(loss - 1000.0) < 1e-9 and np.allclose(grad, [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]])


@pytest.mark.slow
def test_solution_trains_the_digits_above_95_percent_on_the_test_split_with_a_margin():
    """The graded split is seed 1 (seed 0's test part is unusually hard: correct recipes land between ~92%
    and ~97% there). On seed 1 the reference clears 95% (256 of 269 test images) by at least five images for
    several model seeds (measured: 264-266), and its validation accuracy stays above the visible test's
    warning level (95%) yet below its test accuracy, as the instructions say."""
    nb = nbformat.read(SOLUTION, as_version=4)
    ns: dict = {}
    for c in nb.cells:
        if c.cell_type == "code" and not _nbgrader(c).get("grade"):
            exec(c.source, ns)                                     # setup and solutions only
    grade = next(c.source for c in nb.cells if _nbgrader(c).get("grade_id") == "test_train_two_layer")
    assert "train_val_test_split(X_all, y_all, seed=1)" in grade
    X, y = load_digits()
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, seed=1)

    def n_correct(params, X, y):
        logits = np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
        return int(np.sum(np.argmax(logits, axis=1) == y))

    for seed in (0, 1, 2):
        params = ns["train_two_layer"](X_tr, y_tr, X_va, y_va, seed=seed)
        test, val = n_correct(params, X_te, y_te), n_correct(params, X_va, y_va)
        assert test >= math.ceil(0.95 * len(y_te)) + 5, (seed, test, len(y_te))
        assert math.ceil(0.95 * len(y_va)) <= val <= test, (seed, val, test)
