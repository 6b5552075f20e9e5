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


# ------------------------------------------------------------------------------ batch normalization
def _bn_data(seed=7, n=8, D=4):
    rng = np.random.default_rng(seed)
    X = rng.normal(loc=[0.0, 5.0, -2.0, 1.0][:D], scale=[1.0, 3.0, 0.5, 2.0][:D], size=(n, D))
    return X, rng.normal(size=D) + 1.5, rng.normal(size=D), rng.normal(size=(n, D))


def test_batchnorm_train_mode_standardizes_and_updates_running_stats():
    X, gamma, beta, _ = _bn_data()
    param = {"mode": "train", "momentum": 0.9}
    out, _ = Ly.batchnorm_forward(X, np.ones(4), np.zeros(4), param)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), X.var(axis=0) / (X.var(axis=0) + 1e-5), rtol=1e-12)
    np.testing.assert_allclose(param["running_mean"], 0.1 * X.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(param["running_var"], 0.9 + 0.1 * X.var(axis=0), rtol=1e-12)
    out, _ = Ly.batchnorm_forward(X, gamma, beta, {})
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), np.abs(gamma) * X.std(axis=0) / np.sqrt(X.var(axis=0) + 1e-5),
                               rtol=1e-12)


def test_batchnorm_test_mode_uses_running_stats_and_leaves_them_alone():
    X, gamma, beta, _ = _bn_data()
    rm, rv = np.array([1.0, -2.0, 0.5, 0.0]), np.array([4.0, 0.25, 1.0, 9.0])
    param = {"mode": "test", "running_mean": rm, "running_var": rv, "eps": 1e-5}
    out, _ = Ly.batchnorm_forward(X[:1], gamma, beta, param)     # one example: only the running averages
    np.testing.assert_allclose(out, gamma * (X[:1] - rm) / np.sqrt(rv + 1e-5) + beta, rtol=1e-13)
    assert param["running_mean"] is rm and param["running_var"] is rv
    np.testing.assert_array_equal(rm, [1.0, -2.0, 0.5, 0.0])
    # many training batches from one distribution: the running averages converge to its mean and variance
    rng, param = np.random.default_rng(1), {"momentum": 0.9}
    for _ in range(300):
        Ly.batchnorm_forward(rng.normal(3.0, 2.0, size=(256, 2)), np.ones(2), np.zeros(2), param)
    np.testing.assert_allclose(param["running_mean"], 3.0, atol=0.15)
    np.testing.assert_allclose(param["running_var"], 4.0, rtol=0.1)
    with pytest.raises(ValueError, match="mode"):
        Ly.batchnorm_forward(X, gamma, beta, {"mode": "eval"})


@pytest.mark.parametrize("mode", ["train", "test"])
def test_batchnorm_backward_matches_numerical(mode):
    X, gamma, beta, dout = _bn_data()
    base = {"mode": mode, "running_mean": np.full(4, 0.3), "running_var": np.full(4, 2.0)}

    def f(_):
        return float(np.sum(dout * Ly.batchnorm_forward(X, gamma, beta, dict(base))[0]))
    _, cache = Ly.batchnorm_forward(X, gamma, beta, dict(base))
    dX, dgamma, dbeta = Ly.batchnorm_backward(dout, cache)
    assert dX.shape == X.shape and dgamma.shape == dbeta.shape == (4,)
    for analytic, wrt in [(dX, X), (dgamma, gamma), (dbeta, beta)]:
        assert rel_error(analytic, numerical_gradient(f, wrt)) < GRAD_TOL
    if mode == "train":   # the batch mean and variance absorb shifts and scales: dX sums to 0 per column
        np.testing.assert_allclose(dX.sum(axis=0), 0.0, atol=1e-12)


def test_batchnorm_in_a_network_passes_check_gradients():
    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(10, 3)), rng.integers(0, 3, size=10)
    params = {"W1": rng.normal(size=(3, 5)), "gamma": rng.normal(size=5) + 1, "beta": rng.normal(size=5),
              "W2": rng.normal(size=(5, 3))}

    def loss_and_grads(p):
        a, c1 = Ly.affine_forward(X, p["W1"], np.zeros(5))
        z, cb = Ly.batchnorm_forward(a, p["gamma"], p["beta"], {})
        h, ct = Ly.tanh_forward(z)
        o, c2 = Ly.affine_forward(h, p["W2"], np.zeros(3))
        loss, do = softmax_cross_entropy(o, y)
        dh, dW2, _ = Ly.affine_backward(do, c2)
        dz, dgamma, dbeta = Ly.batchnorm_backward(Ly.tanh_backward(dh, ct), cb)
        _, dW1, _ = Ly.affine_backward(dz, c1)
        return loss, {"W1": dW1, "gamma": dgamma, "beta": dbeta, "W2": dW2}

    report = check_gradients(lambda p: loss_and_grads(p)[0], params, loss_and_grads(params)[1])
    assert report.passed, str(report)


def test_batchnorm_float64_float32_and_extreme_inputs_without_warnings():
    X, gamma, beta, dout = _bn_data()
    out, cache = Ly.batchnorm_forward(X.astype(np.float32), gamma.astype(np.float32), beta.astype(np.float32), {})
    assert out.dtype == np.float32 and Ly.batchnorm_backward(dout.astype(np.float32), cache)[0].dtype == np.float32
    out, _ = Ly.batchnorm_forward(X.astype(int), gamma, beta, {})
    assert out.dtype == np.float64
    rng = np.random.default_rng(9)
    with np.errstate(over="raise", divide="raise", invalid="raise"):     # (underflow is no warning in NumPy)
        for scale in [1e-300, 1e-150, 1.0, 1e150, 1e300]:
            Z = rng.normal(size=(6, 3)) * scale
            Z[:, 1] = 7.0 * scale                                   # a constant column
            param = {}
            out, cache = Ly.batchnorm_forward(Z, np.ones(3), np.zeros(3), param)
            dZ, dg, db = Ly.batchnorm_backward(np.ones_like(Z), cache)
            assert np.all(np.isfinite(out)) and np.all(np.isfinite(dZ)) and np.all(np.isfinite(dg))
            np.testing.assert_array_equal(out[:, 1], 0.0)             # sigma = 0: x_hat = 0, not 0/0
            if scale >= 1e150:                                      # far above sqrt(eps): standardized exactly
                np.testing.assert_allclose(out[:, [0, 2]].std(axis=0), 1.0, rtol=1e-9)
            assert np.isfinite(param["running_mean"]).all()
            Ly.batchnorm_forward(Z, np.ones(3), np.zeros(3), {"mode": "test", **param})


def test_batchnorm_oracle_pytorch():
    torch = pytest.importorskip("torch")
    X, gamma, beta, dout = _bn_data(n=16, D=4)
    for mode in ["train", "test"]:
        rm, rv = np.full(4, 0.5), np.full(4, 2.0)
        param = {"mode": mode, "momentum": 0.9, "eps": 1e-5, "running_mean": rm, "running_var": rv}
        out, cache = Ly.batchnorm_forward(X, gamma, beta, param)
        dX, dgamma, dbeta = Ly.batchnorm_backward(dout, cache)
        tX, tg, tb = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (X, gamma, beta))
        trm, trv = torch.tensor(rm), torch.tensor(rv)
        tout = torch.nn.functional.batch_norm(tX, trm, trv, tg, tb, training=mode == "train", momentum=0.1, eps=1e-5)
        tout.backward(torch.tensor(dout))
        np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-12, atol=1e-12)
        for a, t in [(dX, tX), (dgamma, tg), (dbeta, tb)]:
            np.testing.assert_allclose(a, t.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(param["running_mean"], trm.numpy(), rtol=1e-12)
        if mode == "train":   # torch keeps the unbiased batch variance in its running average
            n = len(X)
            np.testing.assert_allclose(param["running_var"] + 0.1 * X.var(axis=0) * (n / (n - 1) - 1),
                                       trv.numpy(), rtol=1e-12)
