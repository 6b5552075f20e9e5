"""Unit 5 (optimization): the solution's answers agree with course_utils, the planted mistakes target real answer
cells, and the numbers the lecture and the model answer quote still hold for the library."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils import init as ref_init
from course_utils import optim as ref_optim
from course_utils.data import make_moons, standardize, train_val_test_split
from course_utils.mlp import MLP
from course_utils.optim import SGD, Adam, Momentum
from course_utils.training import minibatches, train

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "05_optimization" / "optimization.ipynb"
LECTURE = ROOT / "lectures" / "05_optimization.ipynb"
MISTAKES = ROOT / "tests" / "mistakes" / "05_optimization"
GRADED = ["random_minibatches", "momentum_update", "nesterov_update", "rmsprop_update", "adam_update",
          "step_decay", "inverse_time_decay", "xavier_init", "he_init"]


def _nbg(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


@pytest.fixture(scope="module")
def solution():
    return nbformat.read(SOLUTION, as_version=4)


@pytest.fixture(scope="module")
def answers(solution):
    """The solution's graded functions, executed from their answer cells."""
    ns = {"np": np}
    for cell in solution.cells:
        if _nbg(cell).get("solution") and cell.cell_type == "code":
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
    assert len(written) == 1 and written[0].cell_type == "markdown" and 5 <= _nbg(written[0])["points"] <= 10
    for cell in solution.cells:
        if _nbg(cell).get("grade") and cell.cell_type == "code":
            assert cell.source.startswith("from course_utils.checks import proven_checks\nck = proven_checks()")
            assert "### BEGIN HIDDEN TESTS" in cell.source and "ck.not_delegated(" in cell.source
        if _nbg(cell).get("solution") and cell.cell_type == "code":
            head = cell.source.split("### BEGIN SOLUTION")[0]
            assert head.startswith("def ") and '"""' in head, "signature and docstring outside the solution block"


def test_planted_mistakes_target_answer_cells(solution):
    counts = {name: 0 for name in GRADED}
    for path in sorted(MISTAKES.glob("*.py")):
        tree = ast.parse(path.read_text())
        assert ast.get_docstring(tree), path.name
        values = {n.targets[0].id: ast.literal_eval(n.value) for n in tree.body
                  if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)}
        assert values["TARGET"] in counts, path.name
        counts[values["TARGET"]] += 1
        defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert values["TARGET"] in defined, f"{path.name} does not define {values['TARGET']}"
    assert min(counts.values()) >= 3, counts


def test_updates_match_course_utils_over_several_steps(answers):
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 4))
    state = {k: np.zeros_like(w) for k in ["mom", "nes", "rms", "m", "v"]}
    ref = {k: np.zeros_like(w) for k in state}
    w_m = w_n = w_r = w_a = w
    r_m = r_n = r_r = r_a = w
    for t in range(1, 6):
        g = rng.normal(size=w.shape)
        w_m, state["mom"] = answers["momentum_update"](w_m, g, state["mom"], 0.1, 0.9)
        r_m, ref["mom"] = ref_optim.momentum_update(r_m, g, ref["mom"], 0.1, 0.9)
        w_n, state["nes"] = answers["nesterov_update"](w_n, g, state["nes"], 0.1, 0.9)
        r_n, ref["nes"] = ref_optim.momentum_update(r_n, g, ref["nes"], 0.1, 0.9, nesterov=True)
        w_r, state["rms"] = answers["rmsprop_update"](w_r, g, state["rms"], 0.01, 0.9, 1e-8)
        r_r, ref["rms"] = ref_optim.rmsprop_update(r_r, g, ref["rms"], 0.01, 0.9, 1e-8)
        w_a, state["m"], state["v"] = answers["adam_update"](w_a, g, state["m"], state["v"], t, 0.01, 0.9, 0.999, 1e-8)
        r_a, ref["m"], ref["v"] = ref_optim.adam_update(r_a, g, ref["m"], ref["v"], t, 0.01, 0.9, 0.999, 1e-8)
    for a, b in [(w_m, r_m), (w_n, r_n), (w_r, r_r), (w_a, r_a)] + [(state[k], ref[k]) for k in state]:
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_schedules_init_and_minibatches_match_course_utils(answers):
    for e in [0, 1, 9, 10, 11, 20, 73]:
        assert answers["step_decay"](0.1, e, 0.5, 10) == pytest.approx(ref_optim.step_decay(0.1, e, 0.5, 10))
        assert answers["inverse_time_decay"](0.1, e, 0.3) == pytest.approx(ref_optim.inverse_time_decay(0.1, e, 0.3))
    for n_in, n_out in [(3, 5), (64, 10)]:
        for name in ["xavier_init", "he_init"]:
            np.testing.assert_array_equal(answers[name](n_in, n_out, np.random.default_rng(4)),
                                          getattr(ref_init, name)(n_in, n_out, np.random.default_rng(4)))
    X = np.arange(46.0).reshape(23, 2)
    y = np.arange(23)
    got = answers["random_minibatches"](X, y, 5, np.random.default_rng(2))
    ref = list(minibatches(X, y, 5, np.random.default_rng(2)))
    assert [len(b[1]) for b in got] == [5, 5, 5, 5, 3]
    for (xa, ya), (xb, yb) in zip(got, ref):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)


def test_numbers_quoted_by_the_model_answer():
    """Section 10's written answer quotes epochs and losses of these three runs."""
    X, y = make_moons(600, noise=0.25, seed=0)
    X_train, X_val, _, y_train, y_val, _ = train_val_test_split(X, y, seed=1)
    X_train, X_val = standardize(X_train, X_val)
    first_below = {}
    for name, opt in [("sgd", SGD(0.05)), ("momentum", Momentum(0.05, beta=0.9)), ("adam", Adam(0.005))]:
        h = train(MLP([2, 32, 32, 2], seed=0), opt, X_train, y_train, epochs=60, batch_size=32, X_val=X_val,
                  y_val=y_val, rng=np.random.default_rng(0), progress=False)
        first_below[name] = next(e + 1 for e, v in enumerate(h.train_loss) if v < 0.2)
        assert 0.92 <= h.val_acc[-1] <= 0.95 and 0.13 <= h.val_loss[-1] <= 0.20
    assert first_below == {"sgd": 40, "momentum": 6, "adam": 11}


def test_facts_quoted_by_the_lecture():
    # Adam's first uncorrected step, in units of lr
    assert 0.1 / np.sqrt(0.001) == pytest.approx(3.162, abs=1e-3)
    # a too-high learning rate kills the second hidden layer (Section 10)
    X, y = make_moons(600, noise=0.25, seed=0)
    X_train, X_val, X_test, y_train, _, _ = train_val_test_split(X, y, seed=1)
    X_train, X_val, X_test = standardize(X_train, X_val, X_test)
    net = MLP([2, 32, 32, 2], seed=0)
    train(net, SGD(3.0), X_train, y_train, epochs=40, batch_size=32, rng=np.random.default_rng(0), progress=False)
    p = net.params
    h1 = np.maximum(X_train @ p["W1"] + p["b1"], 0)
    h2 = np.maximum(h1 @ p["W2"] + p["b2"], 0)
    assert np.all(h2 == 0)
    # the lecture states each update rule exactly as course_utils.optim implements it
    text = "\n".join(c.source for c in nbformat.read(LECTURE, as_version=4).cells if c.cell_type == "markdown")
    for rule in [r"\mathbf v \leftarrow \beta\,\mathbf v + \mathbf g",
                 r"\mathbf w \leftarrow \mathbf w - \eta\,(\mathbf g + \beta\,\mathbf v)",
                 r"s \leftarrow \alpha\, s + (1 - \alpha)\, g^2",
                 r"\hat m = \frac{m}{1 - \beta_1^{\,t}}"]:
        assert rule in text, rule
    assert re.search(r"optimizer_race\(\)\s*$", next(c.source for c in nbformat.read(LECTURE, as_version=4).cells
                                                      if "optimizer_race" in c.source and c.cell_type == "code"))


def test_momentum_stability_quoted_by_the_lecture():
    """Section 4: heavy-ball momentum on C = lam w^2 / 2 is stable iff 0 < lr lam < 2 (1 + beta), and inside
    (1 - sqrt(beta))^2 < lr lam < (1 + sqrt(beta))^2 the error shrinks by sqrt(beta) per step."""
    def run(lr_lam, beta, steps=400):
        w, v = np.array([1.0]), None
        for _ in range(steps):
            w, v = ref_optim.momentum_update(w, lr_lam * w, v, 1.0, beta)   # lr = 1, curvature lr_lam
        return abs(w[0])
    for beta in [0.5, 0.8, 0.9]:
        assert run(2 * (1 + beta) * 0.98, beta) < 1e-3
        assert run(2 * (1 + beta) * 1.02, beta) > 1e3
    # the lecture's valley: lr 0.1, beta 0.8, curvatures 0.2 and 10 both contract by sqrt(0.8) = 0.894
    for lam in [0.2, 10.0]:
        rho = np.abs(np.roots([1.0, -(1 + 0.8 - 0.1 * lam), 0.8])).max()
        assert rho == pytest.approx(np.sqrt(0.8), abs=1e-9) and round(rho, 3) == 0.894
    assert round(1 - 0.18 * 0.2, 3) == 0.964
    a, b = run(0.1 * 10.0, 0.8, 200), run(0.1 * 10.0, 0.8, 300)
    assert (b / a) ** (1 / 100) == pytest.approx(np.sqrt(0.8), rel=1e-2)


def test_nesterov_path_quoted_by_the_lecture():
    """Section 4: on the valley, Nesterov (lr 0.1, beta 0.8) sets w2 to -0.8 then exactly 0, and overshoots
    w1 = 0 once, by about 0.05, crossing it at step 27-28."""
    curv, w, v, path = np.array([0.2, 10.0]), np.array([-4.0, 1.0]), None, []
    for _ in range(60):
        w, v = ref_optim.momentum_update(w, curv * w, v, 0.1, 0.8, nesterov=True)
        path.append(w.copy())
    path = np.array(path)
    assert path[0, 1] == pytest.approx(-0.8) and np.all(path[1:, 1] == 0)
    assert round(path[:, 0].max(), 2) == 0.05
    crossings = np.flatnonzero(np.diff(np.sign(path[:, 0])))
    assert crossings.tolist() == [26]          # one crossing: step 27 (index 26) is the last with w1 < 0
