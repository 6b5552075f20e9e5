"""Unit 2 (gradient descent): the points add up, and the numbers the lecture and the written model answer quote
about the two-weight example hold."""
from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "02_gradient_descent" / "gradient_descent.ipynb"


def test_points_add_up_to_100():
    nb = nbformat.read(SOLUTION, as_version=4)
    points = [c.metadata["nbgrader"].get("points", 0) for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert sum(points) == 100


def _grad(w):
    r = w[0] * w[1] - 1.5
    return np.array([2 * r * w[1] + 0.08 * w[0], 2 * r * w[0] + 0.08 * w[1]])


def _cost(w):
    return (w[0] * w[1] - 1.5) ** 2 + 0.04 * (w @ w)


def _run(lr, steps=300, start=(1.5, 0.5)):
    path = [np.array(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * _grad(path[-1]))
    return np.array(path)


def test_two_weight_hessian_and_stability_limit():
    a = np.sqrt(1.46)
    assert np.allclose(_grad(np.array([a, a])), 0, atol=1e-14)
    assert np.isclose(_cost(np.array([a, a])), 0.1184)
    H = np.array([[2 * a * a + 0.08, 4 * a * a - 3], [4 * a * a - 3, 2 * a * a + 0.08]])
    assert np.allclose(H, [[3.0, 2.84], [2.84, 3.0]])
    assert np.allclose(np.linalg.eigvalsh(H), [0.16, 5.84])
    assert 0.25 < 2 / 5.84 < 0.35


def test_two_cycle_quoted_in_lecture_and_written_answer():
    """0.25 converges; 0.35 ends alternating (1.11, 1.11) [cost 0.170] <-> (1.29, 1.29) [cost 0.157]."""
    p = _run(0.25)
    assert np.allclose(p[-1], np.sqrt(1.46), atol=1e-6)
    p = _run(0.35)
    last = sorted(p[-2:].tolist())
    assert np.allclose(last, [[1.11, 1.11], [1.287, 1.287]], atol=5e-3)
    assert np.isclose(_cost(np.array(last[0])), 0.170, atol=1e-3)
    assert np.isclose(_cost(np.array(last[1])), 0.157, atol=1e-3)
    written = [c.source for c in nbformat.read(SOLUTION, as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("grade_id") == "written_oscillation"]
    assert len(written) == 1 and "(1.11, 1.11)$ and $(1.29, 1.29)$ with costs\nabout $0.170$ and $0.157$" in written[0]
    p = _run(0.4, steps=2000)
    assert np.allclose(sorted(p[-2:, 0]), [0.91, 1.37], atol=5e-3)
