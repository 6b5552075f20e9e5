"""Unit 5 (optimization): the exercise's structure (points, sibling/design tags, planted mistakes, no answer in
course_utils), the properties its grader relies on (AdamW as torch documents it, the schedule's shape, the design
budgets that separate good from naive choices), and the numbers the lecture and the model answer quote."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

import course_utils
from course_utils import optim as ref_optim
from course_utils.data import make_moons, standardize, train_val_test_split
from course_utils.mlp import MLP
from course_utils.optim import SGD, Adam, Momentum
from course_utils.training import train

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "05_optimization" / "optimization.ipynb"
LECTURE = ROOT / "lectures" / "05_optimization.ipynb"
MISTAKES = ROOT / "tests" / "mistakes" / "05_optimization"
GRADED = ["adamw_update", "amsgrad_update", "warmup_cosine", "clip_by_global_norm", "fit", "heavy_ball_params", "signal_stats", "init_stack", "one_cycle"]


def _nbg(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


@pytest.fixture(scope="module")
def solution():
    return nbformat.read(SOLUTION, as_version=4)


@pytest.fixture(scope="module")
def answers(solution):
    """The setup cell and the solution's answer cells, executed (no grade cells)."""
    ns = {}
    for cell in solution.cells:
        if cell.cell_type == "code" and (_nbg(cell).get("solution") or _nbg(cell).get("grade_id") == "setup"):
            exec(cell.source, ns)  # noqa: S102 - our own solution cells
    return ns


def test_structure_points_and_tags(solution):
    graded = [c for c in solution.cells if _nbg(c).get("grade")]
    assert sum(_nbg(c).get("points", 0) for c in graded) == 100
    auto = [c for c in graded if c.cell_type == "code"]
    assert [_nbg(c)["grade_id"] for c in auto] == [f"test_{g}" for g in GRADED]
    answers = [_nbg(c)["grade_id"] for c in solution.cells if c.cell_type == "code" and _nbg(c).get("solution")]
    assert answers == GRADED
    tagged = sum(_nbg(c)["points"] for c in auto if {"sibling", "design"} & set(c.metadata.get("tags", [])))
    assert tagged / sum(_nbg(c)["points"] for c in auto) >= 0.6
    written = [c for c in graded if c.cell_type == "markdown"]
    assert len(written) == 1 and 5 <= _nbg(written[0])["points"] <= 10 and "Rubric" in written[0].source
    for cell in auto:
        assert cell.source.startswith("from course_utils.checks import proven_checks\nck = proven_checks()")
        assert "### BEGIN HIDDEN TESTS" in cell.source and "ck.not_delegated(" in cell.source
    # items that call other graded functions are graded with references in their place
    by_id = {_nbg(c)["grade_id"]: c.source for c in auto}
    assert "ck.isolate(globals(), adamw_update=_ref_adamw, warmup_cosine=_ref_wc)" in by_id["test_fit"]
    assert "ck.isolate(globals(), signal_stats=_ref_stats)" in by_id["test_init_stack"]
    for cell in solution.cells:
        if _nbg(cell).get("solution") and cell.cell_type == "code":
            head = cell.source.split("### BEGIN SOLUTION")[0]
            assert head.startswith("def ") and '"""' in head, "signature and docstring outside the solution block"


def test_no_answer_in_course_utils_or_the_lecture():
    import pkgutil, importlib
    names = set()
    for mod in pkgutil.walk_packages(course_utils.__path__, "course_utils."):
        if ".widgets" in mod.name:
            continue
        names |= set(dir(importlib.import_module(mod.name)))
    assert not names & set(GRADED)
    lecture = "\n".join(c.source for c in nbformat.read(LECTURE, as_version=4).cells)
    for g in GRADED:
        assert f"def {g}(" not in lecture


def test_planted_mistakes_target_answer_cells():
    counts = {name: 0 for name in GRADED}
    for path in sorted(MISTAKES.glob("*.py")):
        tree = ast.parse(path.read_text())
        assert ast.get_docstring(tree), path.name
        values = {n.targets[0].id: ast.literal_eval(n.value) for n in tree.body
                  if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)}
        assert values["TARGET"] in counts, path.name
        counts[values["TARGET"]] += 1
        assert values["TARGET"] in [n.name for n in tree.body if isinstance(n, ast.FunctionDef)], path.name
    assert min(counts.values()) >= 3, counts


def _adamw_documented(w, g, m, v, t, lr, b1, b2, eps, wd):
    """torch.optim.AdamW's documented algorithm (amsgrad=False, maximize=False), line by line."""
    theta = w - lr * wd * w
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def test_adamw_is_torchs_documented_algorithm_and_adam_without_decay(answers):
    rng = np.random.default_rng(0)
    w = rng.normal(size=(4, 3)); m = v = np.zeros_like(w)
    wr, mr, vr = w, m, v
    for t in range(1, 8):
        g = rng.normal(size=w.shape)
        w, m, v = answers["adamw_update"](w, g, m, v, t, 0.03, 0.9, 0.99, 1e-8, 0.2)
        wr, mr, vr = _adamw_documented(wr, g, mr, vr, t, 0.03, 0.9, 0.99, 1e-8, 0.2)
    for a, b in [(w, wr), (m, mr), (v, vr)]:
        np.testing.assert_allclose(a, b, rtol=1e-13)
    g = rng.normal(size=5); w0 = rng.normal(size=5)
    got = answers["adamw_update"](w0, g, np.zeros(5), np.zeros(5), 1, 0.01, weight_decay=0.0)
    want = ref_optim.adam_update(w0, g, None, None, 1, 0.01)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_warmup_cosine_shape(answers):
    wc = answers["warmup_cosine"]
    t = np.arange(0, 130)
    lr = wc(t, 0.1, 10, 110, 0.01)
    assert lr[0] == 0 and lr[10] == pytest.approx(0.1) and lr[60] == pytest.approx(0.055) and lr[110] == pytest.approx(0.01)
    assert np.all(np.diff(lr[:11]) > 0) and np.all(np.diff(lr[10:111]) < 0) and np.all(lr[110:] == lr[110])
    assert wc(0, 0.2, 0, 30) == pytest.approx(0.2) and isinstance(wc(3, 0.2, 0, 30), float)
    with pytest.raises(ValueError):
        wc(0, 0.1, 5, 5)


def _heavy_ball(H, lr, beta, w0, steps):
    w, v = w0.astype(float), np.zeros(len(w0))
    with np.errstate(all="ignore"):
        for _ in range(steps):
            v = beta * v + H @ w
            w = w - lr * v
    return np.linalg.norm(w) / np.linalg.norm(w0)


@pytest.mark.parametrize("kappa", [100.0, 1000.0, 5000.0])
def test_heavy_ball_budget_separates_a_design_from_naive_choices(answers, kappa):
    """The budget ceil(15 sqrt(kappa)) + 50 passes the solution's choice with a wide margin, while the best plain
    gradient descent and the usual beta = 0.9 with lr = 1/lam_max miss it."""
    rng = np.random.default_rng(int(kappa))
    Q, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    lam = np.geomspace(0.5, 0.5 * kappa, 6)
    H = (Q * lam) @ Q.T
    budget = int(np.ceil(15 * np.sqrt(kappa))) + 50
    starts = [rng.normal(size=6), Q[:, 0], Q[:, -1]]
    lr, beta = answers["heavy_ball_params"](H)
    assert max(_heavy_ball(H, lr, beta, w0, budget) for w0 in starts) < 1e-9
    assert max(_heavy_ball(H, 2 / (lam[0] + lam[-1]), 0.0, w0, budget) for w0 in starts) > 1e-6
    if kappa >= 1000:
        assert max(_heavy_ball(H, 1 / lam[-1], 0.9, w0, budget) for w0 in starts) > 1e-6


def _stats(Ws, X, act, dout):
    h, cache, fw = X, [], []
    for W in Ws:
        z = h @ W
        h = np.maximum(z, 0) if act == "relu" else np.tanh(z)
        cache.append((z, h)); fw.append(np.sqrt(np.mean(h ** 2)))
    dh = dout
    for W, (z, h) in zip(Ws[::-1], cache[::-1]):
        dh = (dh * (z > 0) if act == "relu" else dh * (1 - h * h)) @ W.T
    return np.array(fw), np.sqrt(np.mean(dh ** 2)) / np.sqrt(np.mean(dout ** 2))


def _passes(init, sizes, act, seeds=(0, 1, 2)):
    for seed in seeds:
        r = np.random.default_rng(1000 + seed)
        X, dout = r.standard_normal((200, sizes[0])), r.standard_normal((200, sizes[-1]))
        fw, ratio = _stats(init(sizes, act, np.random.default_rng(seed)), X, act, dout)
        if not (0.35 <= fw.min() and fw.max() <= 3 and 0.4 <= ratio <= 2.5):
            return False
    return True


def test_init_design_thresholds_separate_a_design_from_the_lectures_recipes(answers):
    """The solution passes every stack of the grader on three seeds; Xavier's variance (the lecture's tanh
    recipe), LeCun's 1/n_in for tanh and torch's tanh gain 5/3 fail."""
    v = [int(x) for x in np.linspace(400, 60, 11)]
    stacks = [[256] * 21, [400] + [100, 400] * 10, v + v[::-1][1:],
              [200] + [int(x) for x in np.random.default_rng(7).integers(50, 501, size=19)] + [200], [128] * 21]
    for sizes in stacks:
        for act in ["relu", "tanh"]:
            assert _passes(answers["init_stack"], sizes, act), (sizes[:3], act)

    def scaled(gain_relu, gain_tanh, fan="in"):
        def init(sizes, act, rng):
            gain = gain_relu if act == "relu" else gain_tanh
            return [rng.normal(0, gain * (1 / np.sqrt(a) if fan == "in" else np.sqrt(2 / (a + b))), (a, b))
                    for a, b in zip(sizes[:-1], sizes[1:])]
        return init
    assert not _passes(scaled(1.0, 1.0, fan="avg"), [256] * 21, "tanh")          # Xavier on tanh
    assert not _passes(scaled(np.sqrt(2), 1.0, fan="avg"), stacks[1], "relu")   # Xavier-like on alternating widths
    assert not _passes(scaled(np.sqrt(2), 1.0), [256] * 21, "tanh")             # LeCun for tanh
    assert not _passes(scaled(np.sqrt(2), 5 / 3), [256] * 21, "tanh")           # torch's tanh gain


def test_fit_history_and_batches(answers):
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(23, 2)), rng.normal(size=(23, 1))
    seen = []

    def grad_fn(p, idx):
        seen.append(np.asarray(idx).copy())
        R = X[idx] @ p["W"] - Y[idx]
        return {"W": X[idx].T @ R / len(idx)}

    def loss_fn(p):
        return 0.5 * float(np.mean((X @ p["W"] - Y) ** 2))

    params = {"W": np.zeros((2, 1))}
    state = np.random.get_state()[1].copy()
    new, hist = answers["fit"](params, loss_fn, grad_fn, 23, 3, 5, 0.1, 2, 0.01, np.random.default_rng(0))
    assert np.array_equal(np.random.get_state()[1], state) and np.all(params["W"] == 0)
    assert len(hist) == 4 and hist[0] == pytest.approx(loss_fn(params)) and hist[-1] < hist[0]
    assert [len(i) for i in seen] == [5, 5, 5, 5, 3] * 3
    for e in range(3):
        assert sorted(np.concatenate(seen[5 * e:5 * e + 5]).tolist()) == list(range(23))


@pytest.mark.slow
def test_solution_notebook_runs_clean():
    from nbclient import NotebookClient
    nb = nbformat.read(SOLUTION, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute(cwd=str(SOLUTION.parent))
    for c in nb.cells:
        for out in c.get("outputs", []):
            assert out.output_type != "error"


def test_numbers_quoted_by_the_model_answer():
    """Section 10's written answer quotes epochs and losses of these three runs."""
    X, y = make_moons(600, noise=0.25, seed=0)
    X_train, X_val, _, y_train, y_val, _ = train_val_test_split(X, y, seed=1)
    X_train, X_val = standardize(X_train, X_val)
    first_below, finals = {}, {}
    for name, opt in [("sgd", SGD(0.05)), ("momentum", Momentum(0.05, beta=0.9)), ("adam", Adam(0.005))]:
        h = train(MLP([2, 32, 32, 2], seed=0), opt, X_train, y_train, epochs=60, batch_size=32, X_val=X_val,
                  y_val=y_val, rng=np.random.default_rng(0), progress=False)
        first_below[name] = next(e + 1 for e, v in enumerate(h.train_loss) if v < 0.2)
        assert h.val_acc[-1] == pytest.approx(0.933, abs=1e-3) and 0.155 <= h.val_loss[-1] <= 0.185
        finals[name] = (h.train_loss[9], h.train_loss[-1], int(np.argmin(h.val_loss)) + 1)
    assert first_below == {"sgd": 55, "momentum": 6, "adam": 10}
    assert round(finals["sgd"][0], 2) == 0.31 and round(finals["sgd"][1], 2) == 0.18
    assert round(finals["momentum"][0], 2) == 0.15 and round(finals["adam"][1], 2) == 0.09
    assert finals["adam"][2] == 13


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


def _one_cycle_torch(step, total, max_lr, pct_start=0.3, div_factor=25.0, final_div_factor=1e4,
                     base_momentum=0.85, max_momentum=0.95, three_phase=False, anneal="cos"):
    """torch.optim.lr_scheduler.OneCycleLR.get_lr (one step), transcribed from its implementation."""
    import math
    initial = max_lr / div_factor
    final = initial / final_div_factor
    phases = [(float(pct_start * total) - 1, initial, max_lr, max_momentum, base_momentum)]
    if three_phase:
        phases += [(float(2 * pct_start * total) - 2, max_lr, initial, base_momentum, max_momentum),
                   (total - 1, initial, final, max_momentum, max_momentum)]
    else:
        phases += [(total - 1, max_lr, final, base_momentum, max_momentum)]
    f = ((lambda a, b, p: b + (a - b) / 2.0 * (math.cos(math.pi * p) + 1)) if anneal == "cos"
         else (lambda a, b, p: (b - a) * p + a))
    start = 0.0
    for i, (end, l0, l1, m0, m1) in enumerate(phases):
        if step <= end or i == len(phases) - 1:
            p = (step - start) / (end - start)
            return f(l0, l1, p), f(m0, m1, p)
        start = end


@pytest.mark.parametrize("three_phase", [False, True])
@pytest.mark.parametrize("anneal", ["cos", "linear"])
def test_one_cycle_is_torchs_schedule(answers, three_phase, anneal):
    for total, pct in [(20, 0.3), (137, 0.15), (1000, 0.4)]:
        steps = np.arange(total)
        lr, mom = answers["one_cycle"](steps, total, 0.3, pct, 10.0, 1e3, 0.8, 0.97, three_phase, anneal)
        want = np.array([_one_cycle_torch(int(s), total, 0.3, pct, 10.0, 1e3, 0.8, 0.97, three_phase, anneal)
                         for s in steps])
        np.testing.assert_allclose(lr, want[:, 0], rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(mom, want[:, 1], rtol=1e-12, atol=1e-16)


@pytest.fixture(scope="module")
def lecture_cells():
    """Runs the lecture's code cells by a phrase they contain, in one namespace after its setup cell (no figures)."""
    import matplotlib
    matplotlib.use("agg")
    import matplotlib.pyplot as plt
    cells = [c.source for c in nbformat.read(LECTURE, as_version=4).cells if c.cell_type == "code"]
    ns = {}
    exec(cells[0].replace("%matplotlib inline", ""), ns)  # noqa: S102 - our own lecture cell
    ns["plt"].show = lambda *a, **k: plt.close("all")

    def run(phrase):
        exec(next(c for c in cells if phrase in c), ns)  # noqa: S102
        return ns
    return run


def test_momentum_sections_quoted_by_the_lecture(lecture_cells):
    """Sections 4.1-4.3: the regions of the four runs, the best rates and steps for kappa = 100 and 1e4, the three
    notations giving the same iterates, and the dampened-form quiz answer."""
    from course_utils import optim_theory as ot
    lecture_cells("valley_grad = lambda w")          # the valley of section 4
    lecture_cells("examples = {0.02:")
    assert [ot.momentum_regime(x, 0.5) for x in (0.02, 1.0, 2.95, 3.1)] == [ot.REAL, ot.COMPLEX, ot.REAL, ot.DIVERGENT]
    ns = lecture_cells("measured_k, measured")
    np.testing.assert_allclose(ns["measured"], ot.gd_best_rate(np.array(ns["measured_k"], float)), rtol=1e-6)
    assert round(ot.steps_to_shrink(ot.gd_best_rate(100))) == 691
    assert round(ot.steps_to_shrink(ot.heavy_ball_best_rate(100))) == 69
    assert round(ot.steps_to_shrink(ot.heavy_ball_best_rate(1e4))) == 691
    assert np.log(1e6) / 2 == pytest.approx(6.9, abs=0.01) and 99 / 101 == pytest.approx(0.980, abs=5e-4)
    ns = lecture_cells("w_damp, v_damp")
    assert ns["gap_dw"] < 1e-14 and ns["gap_damp"] < 1e-14
    # quiz: alpha 0.01, beta 0.9 -> eta 0.001; lambda 50 -> x = 0.05 inside the complex band (0.0026, 3.80)
    e = ot.region_boundaries(0.9)
    assert round(float(e["complex_from"]), 4) == 0.0026 and round(float(e["complex_to"]), 2) == 3.80
    assert float(e["complex_to"]) < float(e["diverge_at"]) == pytest.approx(3.8)
    assert ot.momentum_regime(0.001 * 50, 0.9) == ot.COMPLEX and round(np.sqrt(0.9), 3) == 0.949


def test_batchnorm_section_quoted_by_the_lecture(lecture_cells):
    """Section 10: the gradient check passes, the running averages, train vs test mode, and the deep-sigmoid study
    (plain SGD stays at ln 10, its first-layer gradient 2e-5 of the last, ~4x lost per layer; with batch norm 98%)."""
    ns = lecture_cells("def bn_net_loss")
    assert ns["check_gradients"](lambda p: ns["bn_net_loss"](p)[0], ns["p0"], ns["grads"]).passed
    ns = lecture_cells('state = {"momentum": 0.9}')
    assert round(ns["state"]["running_mean"][0], 2) == 3.04 and round(ns["state"]["running_var"][0], 2) == 3.78
    ns = lecture_cells("def deep_sigmoid_net")
    plain, bn = ns["studies"]["plain"], ns["studies"]["with batch norm"]
    assert abs(plain["losses"][-20:].mean() - np.log(10)) < 0.05 and plain["val_acc"] < 0.15
    assert 1e-5 < plain["grads"][0] / plain["grads"][-1] < 3e-5
    ratios = np.array(plain["grads"][1:]) / np.array(plain["grads"][:-1])
    assert 2.4 < ratios.min() and ratios.max() < 5.5
    assert round(bn["val_acc"], 2) == 0.98 and bn["losses"][-20:].mean() < 0.2


def test_initial_loss_quoted_by_the_lecture():
    """Section 11: the 2-32-32-2 network starts at about ln 2 (0.703), the check 'initial loss ~ ln K' (review R18)."""
    X, y = make_moons(600, noise=0.25, seed=0)
    X_train, X_val, X_test, y_train, _, _ = train_val_test_split(X, y, seed=1)
    X_train, X_val, X_test = standardize(X_train, X_val, X_test)
    loss = MLP([2, 32, 32, 2], seed=0).loss(X_train, y_train)
    assert round(loss, 3) == 0.703 and abs(loss - np.log(2)) < 0.02
