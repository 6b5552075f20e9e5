"""Unit 1 (perceptron): the facts the lecture and the exercise state about the perceptron hold for the reference
implementation (tests/test_build.py checks the notebooks are built from units/01_perceptron/*.md)."""
from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np

from course_utils.data import make_logic
from course_utils.perceptron import Perceptron, add_bias

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {"solution": ROOT / "solutions" / "01_perceptron" / "perceptron.ipynb",
             "lecture": ROOT / "lectures" / "01_perceptron.ipynb"}


def test_points_add_up_to_100():
    nb = nbformat.read(NOTEBOOKS["solution"], as_version=4)
    points = [c.metadata["nbgrader"].get("points", 0) for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert sum(points) == 100


def test_hand_traces_used_by_the_visible_tests():
    """The numbers hard-coded in the visible tests: AND (18 mistakes, w = (-4, 3, 2)), XOR (4 per epoch)."""
    X, y = make_logic("AND", signed=True)
    m = Perceptron(lr=1.0).fit(X, y)
    assert m.n_mistakes == 18 and np.array_equal(m.w_, [-4.0, 3.0, 2.0])
    m = Perceptron(lr=0.5).fit(X, y)
    assert m.n_mistakes == 18 and np.array_equal(m.w_, [-2.0, 1.5, 1.0])
    X, y = make_logic("XOR", signed=True)
    m = Perceptron(lr=1.0, max_epochs=5).fit(X, y)
    assert m.n_mistakes == 20 and not m.converged_ and np.array_equal(m.w_, np.zeros(3))


def test_xor_is_separable_after_the_feature_map():
    X, y = make_logic("XOR", signed=True)
    psi = np.column_stack([X, X[:, 0] * X[:, 1]])
    assert np.all(y * (add_bias(psi) @ np.array([-0.5, 1.0, 1.0, -2.0])) > 0)
    assert Perceptron().fit(psi, y).converged_
