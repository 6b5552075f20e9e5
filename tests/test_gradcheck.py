"""Tests for course_utils.gradcheck: the checker must accept right gradients and reject planted wrong ones."""

import numpy as np
import pytest

from course_utils import layers as Ly
from course_utils.gradcheck import (DEFAULT_TOL, check_gradients, directional_check, grad_check_sparse,
                                    numerical_gradient, rel_error)
from course_utils.losses import softmax_cross_entropy


# ------------------------------------------------------------------------------ numerical_gradient
def test_numerical_gradient_of_quadratic_any_shape():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(2, 3, 4))
    x = rng.normal(size=(2, 3, 4))
    g = numerical_gradient(lambda v: float(np.sum(A * v**2)), x)
    # central differences are exact for quadratics up to rounding
    np.testing.assert_allclose(g, 2 * A * x, rtol=1e-8, atol=1e-9)
    assert g.shape == x.shape and g.dtype == np.float64


def test_numerical_gradient_lecture_graph():
    """f(x, y, z) = (x + y) z at (-2, 5, -4): df/dx = df/dy = z = -4, df/dz = x + y = 3."""
    v = np.array([-2.0, 5.0, -4.0])
    g = numerical_gradient(lambda u: (u[0] + u[1]) * u[2], v)
    np.testing.assert_allclose(g, [-4.0, -4.0, 3.0], rtol=1e-9)


def test_numerical_gradient_restores_x_exactly_even_if_f_raises():
    x = np.array([0.1, 0.2, 0.3])  # 0.1 + h - h != 0.1 in floating point, so restoring must copy
    before = x.copy()
    numerical_gradient(lambda v: float(np.sum(np.sin(v))), x)
    np.testing.assert_array_equal(x, before)

    calls = []

    def boom(v):
        calls.append(v.copy())
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(boom, x)
    np.testing.assert_array_equal(x, before)
    assert calls[1][0] != before[0], "f must see the perturbed x"


def test_numerical_gradient_sees_closure_and_argument():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    g_closure = numerical_gradient(lambda _: float(np.sum(W**3)), W)
    g_arg = numerical_gradient(lambda v: float(np.sum(v**3)), W)
    np.testing.assert_allclose(g_closure, 3 * W**2, rtol=1e-8)
    np.testing.assert_allclose(g_arg, g_closure, rtol=1e-15)


def test_numerical_gradient_validation():
    with pytest.raises(TypeError, match="float"):
        numerical_gradient(lambda v: float(v.sum()), np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="NumPy array"):
        numerical_gradient(lambda v: 0.0, [1.0, 2.0])
    with pytest.raises(ValueError, match="scalar"):
        numerical_gradient(lambda v: v * 2, np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"tuple.*\[0\]"):
        numerical_gradient(lambda v: (float(v.sum()), v), np.array([1.0, 2.0]))


# -------------------------------------------------------------------------------------- rel_error
def test_rel_error_definition():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert rel_error(np.array([1.0, 3.0]), np.array([1.0, 1.0])) == pytest.approx(0.5)   # 2 / 4
    assert rel_error(np.array([1.0]), np.array([-1.0])) == pytest.approx(1.0)            # sign flip
    assert rel_error(np.array([0.0]), np.array([0.0])) == 0.0                            # floor 1e-8
    assert rel_error(np.array([0.0]), np.array([1e-10])) == pytest.approx(1e-2)          # 1e-10 / 1e-8
    with pytest.raises(ValueError, match="shapes"):
        rel_error(np.zeros(2), np.zeros(3))


# ------------------------------------------------------------------- sparse and directional checks
def _softmax_problem(seed=1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 4))
    y = rng.integers(0, 3, size=6)
    W = rng.normal(size=(4, 3))
    f = lambda _: softmax_cross_entropy(X @ W, y)[0]
    grad = X.T @ softmax_cross_entropy(X @ W, y)[1]
    return f, W, grad


def test_grad_check_sparse():
    f, W, grad = _softmax_problem()
    before = W.copy()
    errs = grad_check_sparse(f, W, grad, num_checks=7, rng=np.random.default_rng(0))
    assert errs.shape == (7,) and np.all(errs < 1e-7)
    np.testing.assert_array_equal(W, before)
    errs_bad = grad_check_sparse(f, W, 1.5 * grad, num_checks=7, rng=np.random.default_rng(0))
    assert np.all(errs_bad > 0.1)
    # deterministic by default
    np.testing.assert_array_equal(grad_check_sparse(f, W, 1.5 * grad), grad_check_sparse(f, W, 1.5 * grad))


def test_directional_check():
    f, W, grad = _softmax_problem()
    before = W.copy()
    res = directional_check(f, W, grad, rng=np.random.default_rng(3))
    assert res.rel_error < 1e-8
    assert res.analytic == pytest.approx(res.numeric, rel=1e-7)
    np.testing.assert_array_equal(W, before)
    wrong = grad.copy()
    wrong[1, 2] += 0.5  # a single wrong entry still changes the directional derivative
    assert directional_check(f, W, wrong, rng=np.random.default_rng(3)).rel_error > 1e-3


# --------------------------------------------------------------------------------- check_gradients
def _two_layer(seed=2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(7, 3))
    y = rng.integers(0, 4, size=7)
    params = {"W1": rng.normal(size=(3, 5)), "b1": rng.normal(size=5) * 0.1,
              "W2": rng.normal(size=(5, 4)), "b2": rng.normal(size=4) * 0.1}

    def loss_and_grads(p):
        a, c1 = Ly.affine_forward(X, p["W1"], p["b1"])
        h, cs = Ly.sigmoid_forward(a)
        o, c2 = Ly.affine_forward(h, p["W2"], p["b2"])
        loss, do = softmax_cross_entropy(o, y)
        dh, dW2, db2 = Ly.affine_backward(do, c2)
        _, dW1, db1 = Ly.affine_backward(Ly.sigmoid_backward(dh, cs), c1)
        return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

    return params, loss_and_grads


def test_check_gradients_passes_correct_and_restores_params():
    params, lg = _two_layer()
    before = {k: v.copy() for k, v in params.items()}
    report = check_gradients(lambda p: lg(p)[0], params, lg(params)[1])
    assert report.passed and report.failed == []
    assert [r.name for r in report.rows] == ["W1", "b1", "W2", "b2"]
    assert all(r.max_rel_error < 1e-7 and r.n_checked == params[r.name].size for r in report.rows)
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
    assert report.tol == DEFAULT_TOL
    assert "All 4 gradients agree" in str(report)


def test_check_gradients_names_the_planted_wrong_parameter():
    params, lg = _two_layer()
    grads = lg(params)[1]
    grads["W2"] = 2 * grads["W2"]  # planted bug: twice too big
    report = check_gradients(lambda p: lg(p)[0], params, grads)
    assert not report.passed
    assert report.failed == ["W2"]
    row = report["W2"]
    assert row.max_rel_error == pytest.approx(1 / 3, rel=1e-4)  # |2g - g| / (|2g| + |g|)
    assert row.analytic == pytest.approx(2 * row.numeric, rel=1e-6)
    assert "constant factor" in row.hint and "2 x" in row.hint
    text = str(report)
    w2_line = next(line for line in text.splitlines() if line.startswith("W2"))
    assert "WRONG" in w2_line
    assert "FAILED for W2" in text
    assert "W1" in text and "WRONG" not in next(line for line in text.splitlines() if line.startswith("W1"))
    html = report._repr_html_()
    assert "<table>" in html and "WRONG" in html and "W2" in html


def test_check_gradients_sign_missing_and_shape_hints():
    params, lg = _two_layer()
    grads = lg(params)[1]
    grads["b1"] = -grads["b1"]
    grads["W1"] = grads["W1"].T
    del grads["b2"]
    report = check_gradients(lambda p: lg(p)[0], params, grads)
    assert report.failed == ["W1", "b1", "b2"]
    assert "sign" in report["b1"].hint
    assert "shape" in report["W1"].hint and "transposed" in report["W1"].hint
    assert "no gradient" in report["b2"].hint
    str(report), report._repr_html_()  # printable even with missing values


def test_check_gradients_half_size_hint_and_sparse_mode():
    params, lg = _two_layer()
    grads = lg(params)[1]
    grads["W1"] = grads["W1"] / 64  # e.g. divided by the batch size twice
    report = check_gradients(lambda p: lg(p)[0], params, grads, num_checks=5, rng=np.random.default_rng(0))
    assert report.failed == ["W1"]
    assert "1/64" in report["W1"].hint
    assert all(r.n_checked == 5 for r in report.rows)


def test_check_gradients_zero_gradient_entries_do_not_fail():
    """Entries whose true gradient is 0 give numerical noise ~1e-11; the atol floor must accept them."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(4, 3))
    params = {"W": rng.normal(size=(3, 2)), "b": np.zeros(2)}
    c = rng.normal(size=(4, 2)) * 100  # a loss of order 100 makes the rounding noise bigger

    def loss(p):
        return float(np.sum(c * (X @ p["W"]))) + 1e3 * float(np.sum(p["b"] ** 2)) + 50.0

    grads = {"W": X.T @ c, "b": np.zeros(2)}
    report = check_gradients(loss, params, grads)
    assert report.passed, str(report)
    grads["b"] = np.full(2, 1e-3)  # but a small, really wrong gradient fails
    assert check_gradients(loss, params, grads).failed == ["b"]
