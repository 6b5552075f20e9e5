"""Unit 6 (regularization): the solution's answers agree with course_utils (same seeds, same numbers), the planted
mistakes target real answer cells, and the graded experiment's margin over the baseline holds."""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils import layers as ref_layers
from course_utils import regularization as ref_reg

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "06_regularization" / "regularization.ipynb"
LECTURE = ROOT / "lectures" / "06_regularization.ipynb"
MISTAKES = ROOT / "tests" / "mistakes" / "06_regularization"
GRADED = ["l2_penalty_and_grads", "dropout_forward", "dropout_backward", "EarlyStopping", "ema_update",
          "add_input_noise", "random_search", "train_regularized"]


def _nbg(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


@pytest.fixture(scope="module")
def solution():
    return nbformat.read(SOLUTION, as_version=4)


@pytest.fixture(scope="module")
def answers(solution):
    """The setup cell and the solution's graded answers, executed in one namespace."""
    ns = {}
    for cell in solution.cells:
        meta = _nbg(cell)
        if cell.cell_type == "code" and (meta.get("grade_id") == "setup" or meta.get("solution")):
            exec(cell.source, ns)  # noqa: S102 - our own solution cells
    return ns


def test_structure_and_points(solution):
    ids = [_nbg(c).get("grade_id") for c in solution.cells]
    for name in GRADED:
        assert name in ids and f"test_{name}" in ids, name
        assert ids.index(name) < ids.index(f"test_{name}")
    points = [_nbg(c).get("points", 0) for c in solution.cells if _nbg(c).get("grade")]
    assert sum(points) == 100
    written = [c for c in solution.cells if _nbg(c).get("grade_id", "").startswith("written_")]
    assert len(written) == 1 and written[0].cell_type == "markdown"
    for cell in solution.cells:
        if _nbg(cell).get("grade") and cell.cell_type == "code":
            assert cell.source.startswith("from course_utils.checks import proven_checks\nck = proven_checks()")
            assert "### BEGIN HIDDEN TESTS" in cell.source and "ck.not_delegated(" in cell.source \
                or _nbg(cell)["grade_id"] == "test_train_regularized"


def test_mistakes_target_answer_cells(solution):
    ids = {_nbg(c).get("grade_id") for c in solution.cells if _nbg(c).get("solution")}
    counts = dict.fromkeys(GRADED, 0)
    for path in sorted(MISTAKES.glob("*.py")):
        tree = ast.parse(path.read_text())
        assert ast.get_docstring(tree), path.name
        target = next(n.value.value for n in tree.body if isinstance(n, ast.Assign)
                      and getattr(n.targets[0], "id", "") == "TARGET")
        assert target in ids, (path.name, target)
        counts[target] += 1
    assert all(n >= 3 for n in counts.values()), counts


def test_answers_agree_with_course_utils(answers):
    rng = np.random.default_rng(0)
    P = {"W1": rng.normal(size=(3, 4)), "b1": rng.normal(size=4), "W2": rng.normal(size=(4, 2)), "b2": rng.normal(size=2)}
    pen, g = answers["l2_penalty_and_grads"](P, 0.2)
    rpen, rg = ref_reg.l2_penalty(P, 0.2)
    assert pen == pytest.approx(rpen, rel=1e-12)
    for k in P:
        np.testing.assert_allclose(g[k], rg[k], rtol=1e-12)

    x = rng.normal(size=(5, 6))
    out, cache = answers["dropout_forward"](x, 0.4, np.random.default_rng(3))
    rout, rcache = ref_layers.dropout_forward(x, 0.4, np.random.default_rng(3))
    np.testing.assert_array_equal(out, rout)
    dout = rng.normal(size=x.shape)
    np.testing.assert_array_equal(answers["dropout_backward"](dout, cache), ref_layers.dropout_backward(dout, rcache))

    mine, ref = answers["EarlyStopping"](3, 0.01), ref_reg.EarlyStopping(3, 0.01)
    for e, loss in enumerate([1.0, 0.9, 0.895, 0.85, 0.86, 0.849, 0.9, 0.95]):
        params = {"W": np.full(2, float(e))}
        assert bool(mine.step(loss, params)) == ref.step(loss, params)
        assert mine.counter == ref.counter

    a, b = {}, {}
    for decay in [0.9, 0.0, 1.0, 0.5]:
        params = {"W": rng.normal(size=3)}
        answers["ema_update"](a, params, decay)
        ref_reg.ema_update(b, params, decay)
        np.testing.assert_allclose(a["W"], b["W"], rtol=1e-12)


def test_random_search_contract(answers):
    space = {"lam": (1e-4, 1.0, "log"), "p": (0.0, 0.5, "linear"), "w": [8, 16]}
    best, score, trials = answers["random_search"](lambda lam, p, w: -abs(np.log10(lam) + 2) - p, space, 6,
                                                   np.random.default_rng(1))
    rng = np.random.default_rng(1)
    for config, _ in trials:
        assert config["lam"] == pytest.approx(np.exp(rng.uniform(np.log(1e-4), np.log(1.0))), rel=1e-12)
        assert config["p"] == pytest.approx(rng.uniform(0.0, 0.5), rel=1e-12)
        assert config["w"] == [8, 16][rng.integers(2)]
    assert score == max(s for _, s in trials) and best == trials[[s for _, s in trials].index(score)][0]


@pytest.mark.slow
def test_experiment_margin_is_robust(answers):
    """The solution's recipe beats the baseline by >= 2.5 points on each of six data sets (the test needs 1.5 on average)."""
    gaps = []
    for s in range(6):
        Xt, yt, Xv, yv = answers["experiment_data"](s)
        model = answers["train_regularized"](Xt, yt, Xv, yv, seed=s)
        gaps.append(model.score(Xv, yv) - answers["train_baseline"](Xt, yt, seed=s).score(Xv, yv))
    assert min(gaps) >= 0.025, gaps


@pytest.fixture(scope="module")
def lecture_ns():
    """The lecture's setup cell (noisy_xor, fit, the data) executed headless."""
    nb = nbformat.read(LECTURE, as_version=4)
    setup = next(c.source for c in nb.cells if c.cell_type == "code" and "def fit(" in c.source)
    ns = {}
    exec(setup.replace("%matplotlib inline", ""), ns)  # noqa: S102 - our own lecture cell
    return ns


def test_numbers_quoted_by_the_lecture_and_model_answer(lecture_ns, answers):
    """Prose quotes these numbers (sections 1-4 and 8, the written model answer); they must stay true."""
    fit, np_ = lecture_ns["fit"], np
    Xv, yv = lecture_ns["X_val"], lecture_ns["y_val"]
    # the lecture's data are the exercise's experiment data (the model answer quotes the same runs)
    for a, b in zip(answers["experiment_data"](0), lecture_ns["noisy_xor"](0)):
        np_.testing.assert_array_equal(a, b)
    # section 1: linear ~ ln 2, large network memorises (train loss 0.000, val loss 3.2, val acc 0.85)
    _, h_lin = fit([2, 2])
    assert round(h_lin.train_loss[-1], 2) == 0.68 and round(h_lin.val_loss[-1], 2) == 0.70
    net, h = fit([2, 100, 100, 2])
    assert h.train_acc[-1] == 1.0 and h.train_loss[-1] < 5e-4
    assert round(h.val_loss[-1], 1) == 3.2 and round(h.val_acc[-1], 2) == 0.85
    # sections 3 and 8: lowest validation loss 0.28 at epoch 2; early stopping (patience 20) ran 22 epochs
    assert int(np_.argmin(h.val_loss)) + 1 == 2 and round(min(h.val_loss), 2) == 0.28
    es = ref_reg.EarlyStopping(patience=20)
    _, h_es = fit([2, 100, 100, 2], early_stopping=es)
    assert h_es.epochs == 22 and es.best_epoch == 1
    # section 2: weight norm 27 -> 2 from lambda 0 to 0.1; lambda = 1 predicts one class
    norm = lambda n: np_.sqrt(sum(np_.sum(W ** 2) for k, W in n.params.items() if k.startswith("W")))  # noqa: E731
    assert round(norm(net)) == 27 and round(norm(fit([2, 100, 100, 2], l2=0.1, curves=False)[0])) == 2
    assert len(np_.unique(fit([2, 100, 100, 2], l2=1.0, curves=False)[0].predict(Xv))) == 1
    # section 8: lambda ~ 0.45 scores 0.35 after 200 epochs
    lam = np_.exp(np_.random.default_rng(0).uniform(np_.log(1e-4), 0.0, size=8)).max()
    assert round(lam, 2) == 0.45
    assert round(fit([2, 100, 100, 2], l2=lam, epochs=200, curves=False)[0].score(Xv, yv), 2) == 0.35
    # curves=False makes the same model as train() (the sweeps rely on it)
    fast = fit([2, 100, 100, 2], l2=0.03, epochs=100, curves=False)[0]
    slow = fit([2, 100, 100, 2], l2=0.03, epochs=100)[0]
    for k in fast.params:
        np_.testing.assert_allclose(fast.params[k], slow.params[k], rtol=1e-8, atol=1e-10)
