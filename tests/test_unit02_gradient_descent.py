"""Unit 2 (gradient descent): the exercise's structure (points, sibling/design tags, planted mistakes, no answer
expression in visible tests or docstrings), the claims its design item rests on, and the numbers the lecture
and the written answer's rubric quote."""
from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "02_gradient_descent" / "gradient_descent.ipynb"
MISTAKES = ROOT / "tests" / "mistakes" / "02_gradient_descent"
GRADED = ["ridge_cost_grad", "ridge_gradient_descent", "gradient_descent_until", "minibatch_sgd", "choose_lr",
          "chain3_cost_grad_hess", "newton_minimize", "exact_line_search_gd", "unstandardize_weights", "backtracking_gd"]


def _nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _cells():
    return nbformat.read(SOLUTION, as_version=4).cells


def _solution_namespace() -> dict:
    ns: dict = {}
    for c in _cells():
        if c.cell_type == "code" and (_nbg(c).get("solution") or _nbg(c).get("grade_id") == "setup"):
            exec(c.source, ns)
    return ns


def _visible(source: str) -> str:
    """A grade cell's source without its hidden blocks."""
    out, hidden = [], False
    for line in source.splitlines():
        if "### BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "### END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def test_points_tags_and_graded_functions():
    cells = _cells()
    graded = [c for c in cells if _nbg(c).get("grade")]
    assert sum(_nbg(c).get("points", 0) for c in graded) == 100
    auto = [c for c in graded if c.cell_type == "code"]
    tagged = sum(_nbg(c)["points"] for c in auto if {"sibling", "design"} & set(c.metadata.get("tags", [])))
    assert tagged / sum(_nbg(c)["points"] for c in auto) >= 0.6
    assert [_nbg(c)["grade_id"] for c in cells if c.cell_type == "code" and _nbg(c).get("solution")] == GRADED
    assert [_nbg(c)["grade_id"] for c in auto] == [f"test_{g}" for g in GRADED]
    written = [c for c in graded if c.cell_type == "markdown"]
    assert len(written) == 1 and 5 <= _nbg(written[0])["points"] <= 10


def test_every_graded_function_has_three_planted_mistakes():
    targets = [next(line.split("=", 1)[1].strip().strip("\"'") for line in p.read_text().splitlines()
                    if line.startswith("TARGET")) for p in MISTAKES.glob("*.py")]
    for g in GRADED:
        assert targets.count(g) >= 3, g
    assert set(targets) <= set(GRADED)


def test_no_answer_expression_in_visible_tests_or_docstrings():
    """The review found `-X.T @ r` in a visible test; derivation items print neither gradient nor Hessian."""
    cells = {_nbg(c).get("grade_id"): c.source for c in _cells()}
    for gid in ("test_ridge_cost_grad", "test_chain3_cost_grad_hess", "test_unstandardize_weights"):
        visible = _visible(cells[gid])
        assert "X.T @" not in visible and "X_toy.T" not in visible and "np.outer" not in visible, gid
    for gid in ("ridge_cost_grad", "chain3_cost_grad_hess", "unstandardize_weights", "choose_lr"):
        doc = cells[gid].split("### BEGIN SOLUTION")[0]
        assert "X.T" not in doc and "X^T" not in doc and "eigval" not in doc and "w_s[1:]" not in doc, gid


def test_solution_gradients_and_hessian_match_finite_differences():
    ns = _solution_namespace()
    rng = np.random.default_rng(0)
    X = np.hstack([np.ones((9, 1)), rng.normal(size=(9, 3))])
    t = rng.normal(size=9)
    w = rng.normal(size=4)
    c, g = ns["ridge_cost_grad"](w, X, t, 0.3)
    h = 1e-6
    num = np.array([(ns["ridge_cost_grad"](w + h * e, X, t, 0.3)[0] - ns["ridge_cost_grad"](w - h * e, X, t, 0.3)[0])
                    / (2 * h) for e in np.eye(4)])
    assert np.allclose(g, num, rtol=1e-6, atol=1e-8)
    w3 = rng.uniform(-1.5, 1.5, size=3)
    _, g3, H3 = ns["chain3_cost_grad_hess"](w3)
    num = np.array([(ns["chain3_cost_grad_hess"](w3 + h * e)[1] - ns["chain3_cost_grad_hess"](w3 - h * e)[1]) / (2 * h)
                    for e in np.eye(3)])
    assert np.allclose(H3, num, rtol=1e-5, atol=1e-7) and np.allclose(H3, H3.T)


def test_design_item_separates_good_and_bad_step_sizes():
    """On every graded data set the reference step and 1/lambda_max pass; 2/lambda_max, 0.5/lambda_max (on the
    ill-conditioned sets), the sum Hessian and a Hessian without the penalty fail."""
    ns = _solution_namespace()
    toy, cost_grad, gd = ns["toy_regression"], ns["ridge_cost_grad"], ns["ridge_gradient_descent"]
    sets = [(toy(0, n=50, d=3, scales=[1.0, 2.0, 0.5]), 0.1), (toy(1, n=80, d=4, scales=[3.0, 1.0, 1.0, 0.4]), 0.05),
            (toy(2, n=40, d=2, scales=[0.3, 0.3]), 3.0), (toy(3, n=100, d=5, scales=[1.0, 2.0, 3.0, 1.0, 0.5]), 0.01)]

    def passes(X, t, lam, lr):
        n, d = X.shape
        A = np.vstack([X / np.sqrt(n), np.sqrt(lam) * np.eye(d)[1:]])
        w_star = np.linalg.lstsq(A, np.r_[t / np.sqrt(n), np.zeros(d - 1)], rcond=None)[0]
        with np.errstate(all="ignore"):
            w, _ = gd(X, t, lam, lr, 1000)
        err = np.linalg.norm(w - w_star) / np.linalg.norm(w_star)
        return bool(np.isfinite(err) and err <= 1e-6)

    fails = {"limit": [], "half": [], "sum": [], "nolam": []}
    for (X, t), lam in sets:
        H = X.T @ X / len(X)
        H[1:, 1:] += lam * np.eye(X.shape[1] - 1)
        ev = np.linalg.eigvalsh(H)
        assert passes(X, t, lam, ns["choose_lr"](X, lam)) and passes(X, t, lam, 1.0 / ev[-1])
        assert ev[-1] / ev[0] < 80
        ev0 = np.linalg.eigvalsh(X.T @ X / len(X))
        fails["limit"].append(not passes(X, t, lam, 2.0 / ev[-1]))
        fails["half"].append(not passes(X, t, lam, 0.5 / ev[-1]))
        fails["sum"].append(not passes(X, t, lam, 1.0 / np.linalg.eigvalsh(X.T @ X)[-1]))
        fails["nolam"].append(not passes(X, t, lam, 2.0 / (ev0[0] + ev0[-1])))
    assert all(fails["limit"]) and all(fails["sum"]) and any(fails["half"]) and any(fails["nolam"])


def test_written_answer_numbers_for_the_new_valley():
    """a^2 = 1.9, H = [[4, 3.6], [3.6, 4]], eigenvalues 0.4 and 7.6, limit 0.263, best step 0.25 (factor 0.9, 66
    steps), 0.28 ends in a two-cycle near (1.18, 1.18) <-> (1.52, 1.52); minimum cost 0.39."""
    def grad(w):
        r = w[0] * w[1] - 2.0
        return np.array([2 * r * w[1] + 0.2 * w[0], 2 * r * w[0] + 0.2 * w[1]])

    a = np.sqrt(1.9)
    assert np.allclose(grad(np.array([a, a])), 0, atol=1e-14)
    assert np.isclose((a * a - 2) ** 2 + 0.2 * a * a, 0.39)
    H = np.array([[2 * a * a + 0.2, 4 * a * a - 4], [4 * a * a - 4, 2 * a * a + 0.2]])
    assert np.allclose(H, [[4.0, 3.6], [3.6, 4.0]]) and np.allclose(np.linalg.eigvalsh(H), [0.4, 7.6])
    assert 0.25 < 2 / 7.6 < 0.28 and np.isclose(2 / (0.4 + 7.6), 0.25)
    assert int(np.ceil(np.log(1000) / np.log(1 / 0.9))) == 66 and int(np.ceil(np.log(1000) / np.log(1 / 0.92))) == 83
    for lr, converges in ((0.2, True), (0.25, True), (0.28, False)):
        w = np.array([1.5, 0.5])
        for _ in range(3000):
            w = w - lr * grad(w)
        assert np.allclose(w, a, atol=1e-8) == converges
    w2 = w - 0.28 * grad(w)
    assert np.allclose(sorted([w[0], w2[0]]), [1.18, 1.52], atol=5e-3) and np.isclose(w[0], w[1])


def test_lecture_two_weight_numbers():
    """R8: with eta = 0.35 the costs are 0.6625, 0.661, 1.20, 0.133 (only the second step overshoots)."""
    def grad(w):
        r = w[0] * w[1] - 1.5
        return np.array([2 * r * w[1] + 0.08 * w[0], 2 * r * w[0] + 0.08 * w[1]])

    cost = lambda w: (w[0] * w[1] - 1.5) ** 2 + 0.04 * (w @ w)
    w, costs = np.array([1.5, 0.5]), []
    for _ in range(4):
        costs.append(cost(w))
        w = w - 0.35 * grad(w)
    assert np.allclose(costs, [0.6625, 0.661, 1.20, 0.133], atol=1e-3)
    lecture = (ROOT / "units" / "02_gradient_descent" / "lecture.md").read_text()
    assert "the second overshoots (the cost rises to 1.20)" in lecture


@pytest.mark.slow
def test_solution_notebook_runs_clean():
    from nbclient import NotebookClient
    nb = nbformat.read(SOLUTION, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute(cwd=str(SOLUTION.parent))
    for c in nb.cells:
        for out in c.get("outputs", []):
            assert out.output_type != "error" and not (out.output_type == "stream" and out.name == "stderr")
