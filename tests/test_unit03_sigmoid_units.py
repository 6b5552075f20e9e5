"""Unit 3 (sigmoid units): the assignment's structure (items, points, tags, isolation, planted mistakes), the
numbers quoted in the lecture and in the exercise, and the solution's margin on the graded digit splits."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils.activations import log_softmax, softmax
from course_utils.data import load_digits, train_val_test_split
from course_utils.losses import binary_cross_entropy_with_logits

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "03_sigmoid_units" / "sigmoid_units.ipynb"
LECTURE_SOURCE = ROOT / "units" / "03_sigmoid_units" / "lecture.md"
MISTAKES = ROOT / "tests" / "mistakes" / "03_sigmoid_units"
GRADED = ["tanh_nll", "tanh_unit_loss_and_grads", "log_softplus", "poisson_unit_loss_and_grads", "poisson_intercept",
          "logsumexp", "softmax_regression_loss_and_grads", "train_softmax_regression", "fit_digits", "fit_temperature"]
POINTS = {"test_tanh_nll": 8, "test_tanh_unit_loss_and_grads": 10, "test_log_softplus": 8,
          "test_poisson_unit_loss_and_grads": 10, "test_poisson_intercept": 6, "test_logsumexp": 6,
          "test_softmax_regression_loss_and_grads": 10, "test_train_softmax_regression": 12, "test_fit_digits": 10,
          "test_fit_temperature": 10,
          "written_tanh_confidently_wrong": 10}
#: the one core item (the lecture works a 1-D log-sum-exp); every other autograded item is a sibling or design item
CORE = {"test_logsumexp"}
#: grade cells whose function calls an earlier graded function: they must grade it with the reference bound
ISOLATED = {"test_tanh_unit_loss_and_grads": ["tanh_nll"], "test_poisson_unit_loss_and_grads": ["log_softplus"],
            "test_softmax_regression_loss_and_grads": ["logsumexp"],
            "test_train_softmax_regression": ["softmax_regression_loss_and_grads"],
            "test_fit_digits": ["softmax_regression_loss_and_grads", "train_softmax_regression"],
            "test_fit_temperature": ["logsumexp", "softmax_regression_loss_and_grads"]}


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _cells():
    return nbformat.read(SOLUTION, as_version=4).cells


def test_structure_points_tags_and_isolation():
    cells = _cells()
    answers = [_nbgrader(c)["grade_id"] for c in cells if _nbgrader(c).get("solution") and c.cell_type == "code"]
    assert answers == GRADED
    grades = {_nbgrader(c)["grade_id"]: _nbgrader(c)["points"] for c in cells if _nbgrader(c).get("grade")}
    assert grades == POINTS and sum(grades.values()) == 100
    for c in cells:
        meta = _nbgrader(c)
        if meta.get("grade") and c.cell_type == "code":
            src = c.source
            assert src.startswith("from course_utils.checks import proven_checks\nck = proven_checks()")
            assert "### BEGIN HIDDEN TESTS" in src and "ck.not_delegated(" in src
            assert bool(set(c.metadata.get("tags", [])) & {"sibling", "design"}) == (meta["grade_id"] not in CORE), \
                meta["grade_id"]
            for dep in ISOLATED.get(meta["grade_id"], []):
                hidden_head = src.split("# --- visible tests")[0]
                assert re.search(rf"ck\.isolate\(globals\(\),[^)]*\b{dep}=", hidden_head), (meta["grade_id"], dep)
    design = [c for c in cells if "design" in c.metadata.get("tags", [])]
    assert len(design) == 1


def test_answers_and_docstrings_do_not_print_the_derived_formulas():
    """Derive, don't transcribe: the student-visible text never shows the answers' key expressions."""
    text = "\n".join(c.source.split("### BEGIN SOLUTION")[0] for c in _cells()
                     if not _nbgrader(c).get("grade"))
    for answer in ["-2.0 * t * z", "logaddexp(0.0, -2", "tanh(z) - t", "X.T @ G", "log1p(exp(-2", "u / 2",
                   "log_sigma - log_rate", "1 - t / rate", "expm1", "np.mean(t)", "where=s > 0", "np.sum(P * S", "slope(0.0) >= 0"]:
        assert answer not in text, answer


def test_at_least_three_planted_mistakes_per_graded_function():
    counts = {g: 0 for g in GRADED}
    for path in MISTAKES.glob("*.py"):
        target = re.search(r'^TARGET = "(\w+)"', path.read_text(), re.M).group(1)
        assert target in counts, (path.name, target)
        counts[target] += 1
    assert all(n >= 3 for n in counts.values()), counts


def test_sibling_and_copyable_shares_of_the_benchmark():
    spec = importlib.util.spec_from_file_location("bench_exercises", ROOT / "benchmarks" / "bench_exercises.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    row = bench.measure(SOLUTION, bench.reference_fingerprints(ROOT))
    assert row["sibling_share"] >= 0.6 and row["copyable_share"] <= 0.1, row


def test_tanh_unit_loss_is_the_sigmoid_loss_at_twice_the_logit():
    """What part 1 asks the student to derive: -log((1 + t tanh z)/2) = log(1 + e^{-2tz}), i.e. the logistic
    unit's cross-entropy at the logit 2z with the target (1 + t)/2; and the stored values of the visible tests."""
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    t = np.array([1.0, 1.0, -1.0, -1.0, -1.0])
    ref = np.logaddexp(0.0, -2.0 * t * z)
    assert np.allclose(ref, -np.log((1 + t * np.tanh(z)) / 2), rtol=1e-13)
    for zi, ti, ri in zip(z, t, ref):
        assert abs(binary_cross_entropy_with_logits(np.array([2 * zi]), np.array([(1 + ti) / 2]))[0] - ri) < 1e-12
    assert np.allclose(ref, [4.0181499279178094, 1.3132616875182228, 0.6931471805599453, 1.3132616875182228,
                             4.0181499279178094], rtol=1e-15)
    assert float(np.logaddexp(0.0, -30.0)) == 9.357622968839737e-14
    assert float(np.logaddexp(0.0, 30.0) - 30.0) == 9.237055564881302e-14          # the cancelling form, ~1 % off


def test_log_softplus_near_its_asymptote():
    """log(log(1 + e^z)) = z + log1p(-u/2 + u^2/3 - ...) with u = e^z: the stored visible/hidden values."""
    u = np.exp(-20.0)
    assert float(np.log(np.logaddexp(0.0, -20.0))) == -20.00000000103058
    assert abs(-20.0 + np.log1p(-u / 2 + u * u / 3) - (-20.00000000103058)) < 1e-13
    assert np.log(np.log(2.0)) == -0.36651292058166435


def test_lecture_r1_numbers_and_no_build_inputs_in_the_text():
    true_30 = np.log1p(np.exp(-30.0))
    stable = np.logaddexp(0.0, 30.0) - 30.0
    accurate = max(30.0, 0.0) - 30.0 + np.log1p(np.exp(-30.0))
    assert 1.2e-2 < abs(stable - true_30) / true_30 < 1.4e-2 and accurate == true_30
    assert np.logaddexp(0.0, 40.0) - 40.0 == 0.0                                    # "returns 0 instead of 4.2e-18"
    text = LECTURE_SOURCE.read_text(encoding="utf-8")
    assert "seed slide" not in text and "source lectures" not in text             # review R12
    assert "Exact, and never overflowing" not in text                             # review R1
    assert "n_\\text{epochs} + 1" in text                                          # one loss-history convention


def test_worked_softmax_example():
    o = np.array([0.6, -1.0, 5.0, 8.0, 4.0])
    assert np.allclose(softmax(o), [0.000572, 0.000115, 0.046581, 0.935596, 0.017136], atol=5e-7)
    assert abs(np.sum(np.exp(o)) - 3186.1593) < 1e-4
    assert abs(-log_softmax(o)[3] - 0.0666) < 5e-5 and abs(-log_softmax(o)[2] - 3.0666) < 5e-5
    assert abs(sum([0.006, 0.0001, 0.047, 0.94, 0.17]) - 1.1631) < 1e-12        # the printed slide's slip


def test_written_answer_numbers():
    y = np.tanh(3.0)
    se, matched = (y + 1) * (1 - y ** 2), y + 1
    assert abs(se - 0.020) < 5e-4 and abs(matched - 2.0) < 0.01
    assert 100 < matched / se < 102 and abs(matched / se - 1 / (1 - y ** 2)) < 1e-9
    assert 40_000 < 1 / (1 - np.tanh(6.0) ** 2) < 41_000                         # "about 40 000 at z = 6"


def test_temperature_stored_values_and_the_visible_known_case():
    """Part 10: the stored hidden values (bisection on dL/dbeta, checked here by a fine grid on the convex loss)
    and the visible case sigma(1/T) = 2/3, i.e. T = 1 / log 2."""
    S = np.array([[2.0, 0.5, -1.0], [0.3, 1.1, 0.2], [-0.4, 0.9, 1.6], [1.2, 1.5, -0.3], [0.0, -2.0, 0.7],
                  [2.5, -0.5, 0.4]])
    lab = np.array([0, 1, 2, 0, 2, 1])
    betas = np.linspace(0.5, 0.75, 250_001)
    losses = [float(np.mean(-log_softmax(b * S)[np.arange(6), lab])) for b in betas[::1000]]
    b0 = betas[::1000][int(np.argmin(losses))]
    fine = np.linspace(b0 - 1e-3, b0 + 1e-3, 20_001)
    lf = [float(np.mean(-log_softmax(b * S)[np.arange(6), lab])) for b in fine]
    beta = fine[int(np.argmin(lf))]
    assert abs(1 / beta - 1.6036647385530276) < 1e-6 and abs(min(lf) - 0.9430029205976053) < 1e-12
    s1 = 1 / (1 + np.exp(-np.log(2.0)))
    assert abs(s1 - 2 / 3) < 1e-15


@pytest.mark.slow
def test_solution_clears_the_digit_threshold_with_a_margin():
    """The hidden test asks for 95.5 % test accuracy on splits 1 and 2 (rng seeds 101, 102). The reference recipe
    must clear it by at least four test images for those and other generator seeds, and the visible 94.5 %
    validation level on split 1 (by at least one image)."""
    ns: dict = {}
    for c in _cells():
        if c.cell_type == "code" and not _nbgrader(c).get("grade"):
            exec(c.source, ns)                                     # setup and solutions only
    X, y = load_digits()
    for split in (1, 2):
        X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, seed=split)
        for seed in (100 + split, 7, 8):
            predict, losses = ns["fit_digits"](X_tr, y_tr, np.random.default_rng(seed))
            assert len(losses) - 1 <= 50
            correct = int(np.sum(predict(X_te) == y_te))
            assert correct >= np.ceil(0.955 * len(y_te)) + 4, (split, seed, correct)
            if split == 1:
                assert np.mean(predict(X_va) == y_va) >= 0.945 + 1 / len(y_va), (seed, np.mean(predict(X_va) == y_va))


def test_lecture_what_an_mlp_can_represent_numbers():
    """Section 10's claims: linear collapse (rank of the narrow layer), the sup-error rates quoted in the text
    (tent 1/N, square root 1/sqrt(2N), wave and steep step halving per doubling from N = 8 / 32), the sawtooth's
    2^k pieces against 2k deep and 2^k shallow units, and question 8's bump counts."""
    from course_utils.approximation import (TARGETS, collapse_linear, count_pieces, network_output,
                                            relu_interpolant_network, sawtooth_network, sup_errors)
    from course_utils.activations import relu
    text = LECTURE_SOURCE.read_text()
    for needle in ["Cybenko", "Telgarsky", "Montúfar", "bumps()", "W^{(1)}W^{(2)}W^{(3)}"]:
        assert needle in text, needle
    rng = np.random.default_rng(3)                                   # the lecture's collapse cell
    sizes = [4, 7, 2, 5]
    stack = [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(sizes[:-1], sizes[1:])]
    assert np.linalg.matrix_rank(collapse_linear(stack)[0]) == 2
    ns = np.array([2, 4, 8, 16, 32, 64, 128])
    err = {name: sup_errors(f, ns) for name, f in TARGETS.items()}
    np.testing.assert_allclose(err["tent"], 1 / ns, rtol=1e-6)
    np.testing.assert_allclose(err["square root"], 1 / np.sqrt(2 * ns), rtol=1e-6)
    halving = err["wave"][2:-1] / err["wave"][3:]
    assert np.all((halving > 1.8) & (halving < 2.2)), halving
    step = err["steep step"]
    assert np.all((step[:4] >= 0.09) & (step[:4] <= 0.65)) and np.all(step[4:-1] / step[5:] > 1.75)
    assert 1 / 100 <= 0.01 and 1 / np.sqrt(2 * 5000) <= 0.01 < 1 / np.sqrt(2 * 4999)     # question 8
    xs = np.linspace(0.0, 1.0, 2 ** 12 + 1)
    for k in (1, 5, 10):
        y = network_output(sawtooth_network(k), xs, activation=relu)
        assert count_pieces(xs, y) == 2 ** k
        knots = np.linspace(0, 1, 2 ** k + 1)
        shallow = relu_interpolant_network(knots, network_output(sawtooth_network(k), knots, activation=relu))
        assert shallow[0][0].shape[1] == 2 ** k
        assert np.max(np.abs(network_output(shallow, xs, activation=relu) - y)) < 1e-9
