"""Unit 1 (perceptron): the exercise's structure (points, sibling/design tags, planted mistakes) and the facts its
visible tests and the written answer's rubric quote hold (tests/test_build.py checks the notebooks are built from
units/01_perceptron/*.md)."""
from __future__ import annotations

import itertools
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils.data import make_logic
from course_utils.perceptron import Perceptron, add_bias

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {"solution": ROOT / "solutions" / "01_perceptron" / "perceptron.ipynb",
             "lecture": ROOT / "lectures" / "01_perceptron.ipynb"}
MISTAKES = ROOT / "tests" / "mistakes" / "01_perceptron"
GRADED = ["perceptron_predict", "perceptron_train", "averaged_perceptron_train", "pocket_perceptron_train",
          "margin_perceptron_train", "dual_perceptron_train", "disc_features", "threshold_network", "parity3_weights"]


def _nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _solution_namespace() -> dict:
    """The setup cell and every answer cell of the solution notebook, executed (no grade cells)."""
    nb = nbformat.read(NOTEBOOKS["solution"], as_version=4)
    ns: dict = {}
    for c in nb.cells:
        if c.cell_type == "code" and (_nbg(c).get("solution") or _nbg(c).get("grade_id") == "setup"):
            exec(c.source, ns)
    return ns


def test_points_tags_and_graded_functions():
    nb = nbformat.read(NOTEBOOKS["solution"], as_version=4)
    graded = [c for c in nb.cells if _nbg(c).get("grade")]
    assert sum(_nbg(c).get("points", 0) for c in graded) == 100
    auto = [c for c in graded if c.cell_type == "code"]
    tagged = sum(_nbg(c)["points"] for c in auto if {"sibling", "design"} & set(c.metadata.get("tags", [])))
    assert tagged / sum(_nbg(c)["points"] for c in auto) >= 0.6
    answers = [_nbg(c)["grade_id"] for c in nb.cells if c.cell_type == "code" and _nbg(c).get("solution")]
    assert answers == GRADED
    assert [_nbg(c)["grade_id"] for c in auto] == [f"test_{g}" for g in GRADED]
    written = [c for c in graded if c.cell_type == "markdown"]
    assert len(written) == 1 and 5 <= _nbg(written[0])["points"] <= 10


def test_every_graded_function_has_three_planted_mistakes():
    targets = [next(line.split("=", 1)[1].strip().strip("\"'") for line in p.read_text().splitlines()
                    if line.startswith("TARGET")) for p in MISTAKES.glob("*.py")]
    for g in GRADED:
        assert targets.count(g) >= 3, g
    assert set(targets) <= set(GRADED)


def test_hand_traces_used_by_the_visible_tests():
    """AND (18 mistakes, w = (-4, 3, 2)), XOR (4 per epoch, back to 0), the averaged XOR epoch (0, 1/4, 1/2)."""
    X, y = make_logic("AND", signed=True)
    m = Perceptron(lr=1.0).fit(X, y)
    assert m.n_mistakes == 18 and np.array_equal(m.w_, [-4.0, 3.0, 2.0]) and m.n_epochs_ <= 10
    m = Perceptron(lr=0.5).fit(X, y)
    assert m.n_mistakes == 18 and np.array_equal(m.w_, [-2.0, 1.5, 1.0])
    X, y = make_logic("XOR", signed=True)
    m = Perceptron(lr=1.0, max_epochs=5).fit(X, y)
    assert m.n_mistakes == 20 and not m.converged_ and np.array_equal(m.w_, np.zeros(3))
    assert np.allclose(np.mean(m.history[1:5], axis=0), [0.0, 0.25, 0.5])
    w_avg, w_last = _solution_namespace()["averaged_perceptron_train"](add_bias(X), y, 1)
    assert np.allclose(w_avg, [0.0, 0.25, 0.5]) and np.allclose(w_last, 0.0)


def test_written_answer_numbers_for_the_majority_of_three():
    """Rubric: 0/1 inputs, w* = (-3, 2, 2, 2): R = 2, gamma = 1/sqrt(21), bound 84, 17 mistakes ending at w*;
    +-1 inputs, w* = (0, 1, 1, 1): bound 12, 7 mistakes; (-3, 2, 2, 2) is the best 0/1 separator on a grid."""
    X = np.array(list(itertools.product([0, 1], repeat=3)), dtype=float)
    y = np.where(X.sum(axis=1) >= 2, 1, -1)
    ns = _solution_namespace()
    for Xc, w_star, bound, mistakes in [(X, [-3.0, 2, 2, 2], 84.0, 17), (2 * X - 1, [0.0, 1, 1, 1], 12.0, 7)]:
        Xb = add_bias(Xc)
        w_star = np.array(w_star)
        R = np.max(np.linalg.norm(Xb, axis=1))
        gamma = np.min(y * (Xb @ w_star)) / np.linalg.norm(w_star)
        assert np.isclose(R, 2.0) and np.isclose((R / gamma) ** 2, bound)
        w, n = ns["perceptron_train"](Xb, y)
        assert n == mistakes
    assert np.allclose(ns["perceptron_train"](add_bias(X), y)[0], [-3.0, 2, 2, 2])
    best = max(np.min(y * (add_bias(X) @ np.array(w))) / np.linalg.norm(w)
               for w in itertools.product(range(-6, 7), repeat=4) if any(w))
    assert np.isclose(best, 1 / np.sqrt(21))


def test_margin_perceptron_numbers_quoted_in_the_exercise():
    """Margin 0 is Rosenblatt (closest AND corner at 1/sqrt(13) = 0.28); margin 1 gives (-7, 5, 4) after 35
    updates; the distance grows with the margin towards the best possible 0.5 / sqrt(2) = 0.354."""
    ns = _solution_namespace()
    X, y = make_logic("AND", signed=True)
    Xb = add_bias(X)
    dist = []
    for margin in (0.0, 1.0, 2.0, 5.0):
        w, n = ns["margin_perceptron_train"](Xb, y, margin)
        assert np.all(y * (Xb @ w) > margin)
        dist.append(np.min(y * (Xb @ w)) / np.linalg.norm(w[1:]))
        if margin == 1.0:
            assert np.array_equal(w, [-7.0, 5.0, 4.0]) and n == 35
    assert np.isclose(dist[0], 1 / np.sqrt(13)) and np.all(np.diff(dist) > 0) and dist[-1] < 0.5 / np.sqrt(2)


def test_disc_pattern_needs_a_designed_feature_map():
    """The reference features converge fast on every graded seed; raw inputs and the lecture's XOR map do not."""
    ns = _solution_namespace()
    make_disc, feats = ns["make_disc"], ns["disc_features"]
    for seed, n in [(0, 200), (11, 200), (12, 200), (13, 200), (14, 60)]:
        X, y = make_disc(n, seed)
        m = Perceptron(max_epochs=1000).fit(feats(X), y)
        assert m.converged_ and m.n_epochs_ < 50
        X_new, y_new = make_disc(2000, seed + 500)
        assert m.score(feats(X_new), y_new) >= 0.98
        for bad in (X, np.column_stack([X, X[:, 0] * X[:, 1]]), X ** 2):
            assert not Perceptron(max_epochs=200).fit(bad, y).converged_


def test_pocket_reaches_the_flipped_label_count_and_parity_weights_are_robust():
    ns = _solution_namespace()
    from course_utils.data import make_blobs
    for data_seed in (0, 2, 5):
        X, y = make_blobs(n=80, margin=0.2, seed=data_seed, signed=True)
        y = y.copy()
        y[np.random.default_rng(data_seed + 1000).choice(80, 8, replace=False)] *= -1
        for seed in range(5):
            w, e = ns["pocket_perceptron_train"](add_bias(X), y, 30, np.random.default_rng(seed))
            assert e <= 8 and e == int(np.sum(np.where(add_bias(X) @ w > 0, 1, -1) != y))
    W1, b1, w2, b2 = ns["parity3_weights"]()
    cube = np.array(list(itertools.product([0, 1], repeat=3)), dtype=float)
    for signs in itertools.product([-0.1, 0.1], repeat=3):
        out = ns["threshold_network"](cube + np.array(signs), W1, b1, w2, b2)
        assert np.array_equal(out, cube.sum(axis=1).astype(int) % 2)


@pytest.mark.slow
def test_solution_notebook_runs_clean(tmp_path):
    from nbclient import NotebookClient
    nb = nbformat.read(NOTEBOOKS["solution"], as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute(cwd=str(NOTEBOOKS["solution"].parent))
    for c in nb.cells:
        for out in c.get("outputs", []):
            assert out.output_type != "error" and not (out.output_type == "stream" and out.name == "stderr")
