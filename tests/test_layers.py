"""Tests for course_utils.layers: every backward against central differences, dropout statistics.

Gradient threshold: each backward is checked through the scalar ``f(x) = sum(dout * forward(x))``,
whose gradient is exactly ``backward(dout)``.  In float64 with h = 1e-5 a correct backward scores a
``rel_error`` (CS231n, floor 1e-8) of ~1e-9, so we require < 1e-6 (inputs kept away from the ReLU kink).
"""

import numpy as np
import pytest

from course_utils import layers as Ly
from course_utils.gradcheck import check_gradients, numerical_gradient, rel_error
from course_utils.losses import softmax_cross_entropy

GRAD_TOL = 1e-6


def away_from_zero(a, eps=1e-2):
    a = a.copy()
    a[np.abs(a) < eps] = 0.3
    return a


# ------------------------------------------------------------------------------------------ affine
def test_affine_forward_hand_value():
    x = np.array([[1.0, 2.0]])
    W = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]])
    b = np.array([0.1, 0.2, 0.3])
    out, _ = Ly.affine_forward(x, W, b)
    np.testing.assert_allclose(out, [[2.1, 4.2, 1.3]], rtol=1e-15)


def test_affine_backward_matches_numerical():
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    dout = rng.normal(size=(4, 3))
    out, cache = Ly.affine_forward(x, W, b)
    dx, dW, db = Ly.affine_backward(dout, cache)
    assert dx.shape == x.shape and dW.shape == W.shape and db.shape == b.shape
    f = lambda _: float(np.sum(dout * Ly.affine_forward(x, W, b)[0]))
    assert rel_error(dx, numerical_gradient(f, x)) < GRAD_TOL
    assert rel_error(dW, numerical_gradient(f, W)) < GRAD_TOL
    assert rel_error(db, numerical_gradient(f, b)) < GRAD_TOL
    # the bias gradient is a sum over the batch, not a mean
    np.testing.assert_allclose(db, dout.sum(axis=0), rtol=1e-15)


def test_affine_validation():
    with pytest.raises(ValueError, match=r"\(n, d_in\)"):
        Ly.affine_forward(np.zeros(3), np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"W must have shape"):
        Ly.affine_forward(np.zeros((1, 3)), np.zeros((2, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"b must have shape"):
        Ly.affine_forward(np.zeros((1, 3)), np.zeros((3, 2)), np.zeros((1, 2)))
    _, cache = Ly.affine_forward(np.zeros((1, 3)), np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="dout"):
        Ly.affine_backward(np.zeros((2, 1)), cache)


# ------------------------------------------------------------------------------ elementwise layers
@pytest.mark.parametrize("fwd, bwd", [(Ly.relu_forward, Ly.relu_backward),
                                      (Ly.sigmoid_forward, Ly.sigmoid_backward),
                                      (Ly.tanh_forward, Ly.tanh_backward)])
def test_elementwise_backward_matches_numerical(fwd, bwd):
    rng = np.random.default_rng(1)
    x = away_from_zero(rng.normal(scale=2, size=(5, 4)))
    dout = rng.normal(size=(5, 4))
    _, cache = fwd(x)
    dx = bwd(dout, cache)
    num = numerical_gradient(lambda v: float(np.sum(dout * fwd(v)[0])), x)
    assert rel_error(dx, num) < GRAD_TOL
    assert rel_error(2 * dx, num) > 0.1  # the check can fail


def test_elementwise_forward_values():
    x = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(Ly.relu_forward(x)[0], [[0.0, 0.0, 2.0]])
    np.testing.assert_array_equal(Ly.relu_backward(np.ones((1, 3)), Ly.relu_forward(x)[1]), [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(Ly.sigmoid_forward(x)[0], 1 / (1 + np.exp(-x)), rtol=1e-15)
    np.testing.assert_allclose(Ly.tanh_forward(x)[0], np.tanh(x), rtol=1e-15)
    with np.errstate(all="raise"):
        out, cache = Ly.sigmoid_forward(np.array([[-1e4, 1e4]]))
        np.testing.assert_array_equal(out, [[0.0, 1.0]])
        np.testing.assert_array_equal(Ly.sigmoid_backward(np.ones((1, 2)), cache), [[0.0, 0.0]])


def test_layers_keep_float32():
    x = np.ones((2, 3), dtype=np.float32)
    W = np.ones((3, 2), dtype=np.float32)
    b = np.zeros(2, dtype=np.float32)
    out, cache = Ly.affine_forward(x, W, b)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in Ly.affine_backward(out, cache))
    for fwd, bwd in [(Ly.relu_forward, Ly.relu_backward), (Ly.sigmoid_forward, Ly.sigmoid_backward),
                     (Ly.tanh_forward, Ly.tanh_backward)]:
        o, c = fwd(x)
        assert o.dtype == np.float32 and bwd(o, c).dtype == np.float32
    o, c = Ly.dropout_forward(x, 0.5, np.random.default_rng(0))
    assert o.dtype == np.float32 and Ly.dropout_backward(o, c).dtype == np.float32


# ----------------------------------------------------------------------------------------- dropout
def test_dropout_statistics():
    rng = np.random.default_rng(2)
    x = np.full((400, 500), 3.0)
    for p in (0.1, 0.5, 0.8):
        out, _ = Ly.dropout_forward(x, p, rng)
        dropped = np.mean(out == 0)
        assert abs(dropped - p) < 0.01, f"fraction dropped {dropped} should be p = {p}"
        assert abs(out.mean() - 3.0) < 0.05, "inverted scaling must preserve the mean"
        kept = out[out != 0]
        np.testing.assert_allclose(kept, 3.0 / (1 - p), rtol=1e-15)


def test_dropout_identity_at_test_time_and_p_zero():
    x = np.random.default_rng(3).normal(size=(5, 6))
    out, cache = Ly.dropout_forward(x, 0.5, rng=None, train=False)
    np.testing.assert_array_equal(out, x)
    np.testing.assert_array_equal(Ly.dropout_backward(np.ones_like(x), cache), np.ones_like(x))
    out, cache = Ly.dropout_forward(x, 0.0, np.random.default_rng(0))
    np.testing.assert_array_equal(out, x)


def test_dropout_determinism_and_backward():
    x = np.random.default_rng(4).normal(size=(6, 7))
    o1, c1 = Ly.dropout_forward(x, 0.3, np.random.default_rng(42))
    o2, _ = Ly.dropout_forward(x, 0.3, np.random.default_rng(42))
    o3, _ = Ly.dropout_forward(x, 0.3, np.random.default_rng(43))
    np.testing.assert_array_equal(o1, o2)
    assert not np.array_equal(o1, o3)
    dout = np.random.default_rng(5).normal(size=x.shape)
    dx = Ly.dropout_backward(dout, c1)
    # with the same seed the mask is fixed, so the layer is linear in x and checkable
    f = lambda v: float(np.sum(dout * Ly.dropout_forward(v, 0.3, np.random.default_rng(42))[0]))
    assert rel_error(dx, numerical_gradient(f, x)) < GRAD_TOL
    np.testing.assert_array_equal(dx[o1 == 0], 0.0)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_rejects_bad_p(p):
    with pytest.raises(ValueError, match="probability of dropping"):
        Ly.dropout_forward(np.ones(3), p, np.random.default_rng(0))


def test_dropout_needs_a_generator():
    with pytest.raises(TypeError, match="Generator"):
        Ly.dropout_forward(np.ones(3), 0.5, rng=None)


# ------------------------------------------------------------------------- composed two-layer net
def test_two_layer_network_backprop_passes_check_gradients():
    """Chain affine -> tanh -> affine -> softmax CE by hand and check all four parameters."""
    rng = np.random.default_rng(6)
    X = rng.normal(size=(8, 4))
    y = rng.integers(0, 3, size=8)
    params = {"W1": rng.normal(size=(4, 5)) * 0.5, "b1": rng.normal(size=5) * 0.1,
              "W2": rng.normal(size=(5, 3)) * 0.5, "b2": rng.normal(size=3) * 0.1}

    def loss_and_grads(p):
        a1, c1 = Ly.affine_forward(X, p["W1"], p["b1"])
        h1, ct = Ly.tanh_forward(a1)
        o, c2 = Ly.affine_forward(h1, p["W2"], p["b2"])
        loss, do = softmax_cross_entropy(o, y)
        dh1, dW2, db2 = Ly.affine_backward(do, c2)
        _, dW1, db1 = Ly.affine_backward(Ly.tanh_backward(dh1, ct), c1)
        return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

    loss, grads = loss_and_grads(params)
    report = check_gradients(lambda p: loss_and_grads(p)[0], params, grads)
    assert report.passed, str(report)
    assert all(r.max_rel_error < 1e-7 for r in report.rows)
