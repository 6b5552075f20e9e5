"""Tests for course_utils.losses: hand values, gradients against central differences, stability, validation.

Gradient threshold: every loss is smooth and of order one at the test points, so in float64 with
h = 1e-5 a correct gradient has ``rel_error`` (CS231n, floor 1e-8) below ~1e-8; we require < 1e-6.
"""

import warnings

import numpy as np
import pytest

from course_utils import losses as L
from course_utils.activations import sigmoid, softmax
from course_utils.gradcheck import numerical_gradient, rel_error

GRAD_TOL = 1e-6


def strict(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            return fn(*args)


def assert_grad_ok(loss_fn, x, *rest):
    """The analytic gradient returned by loss_fn(x, *rest) matches central differences."""
    x = np.array(x, dtype=np.float64)
    _, grad = loss_fn(x, *rest)
    num = numerical_gradient(lambda v: loss_fn(v, *rest)[0], x)
    assert grad.shape == x.shape
    assert rel_error(grad, num) < GRAD_TOL
    return grad, num


# ----------------------------------------------------------------------------------- squared error
def test_squared_error_hand_value():
    y = np.array([[1.0, 2.0], [0.0, 0.0]])
    t = np.array([[0.0, 0.0], [1.0, -1.0]])
    loss, grad = L.squared_error(y, t)
    # rows: 1/2 (1 + 4) = 2.5 and 1/2 (1 + 1) = 1; mean = 1.75
    assert loss == pytest.approx(1.75, rel=1e-15)
    np.testing.assert_allclose(grad, (y - t) / 2, rtol=1e-15)
    assert isinstance(loss, float)


def test_squared_error_1d_is_one_output_per_example():
    loss, grad = L.squared_error([3.0, 1.0], [1.0, 1.0])
    assert loss == pytest.approx(0.5 * 4 / 2)
    np.testing.assert_allclose(grad, [1.0, 0.0])


def test_squared_error_gradient():
    rng = np.random.default_rng(0)
    assert_grad_ok(L.squared_error, rng.normal(size=(5, 3)), rng.normal(size=(5, 3)))


# ---------------------------------------------------------------------------- binary cross-entropy
def test_bce_hand_value_and_gradient():
    p = np.array([0.9, 0.2])
    t = np.array([1.0, 0.0])
    loss, grad = L.binary_cross_entropy(p, t)
    assert loss == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2, rel=1e-14)
    np.testing.assert_allclose(grad, [-1 / 0.9 / 2, 1 / 0.8 / 2], rtol=1e-13)
    rng = np.random.default_rng(1)
    assert_grad_ok(L.binary_cross_entropy, rng.uniform(0.05, 0.95, size=(4, 3)),
                   (rng.random((4, 3)) < 0.5).astype(float))
    # soft targets too
    assert_grad_ok(L.binary_cross_entropy, rng.uniform(0.05, 0.95, size=6), rng.random(6))


def test_bce_at_0_and_1_is_finite_and_warning_free():
    loss, grad = strict(L.binary_cross_entropy, np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0]))
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    assert loss == pytest.approx(-2 * np.log(L.BCE_EPS) / 4, rel=1e-6)  # two confident mistakes, two perfect
    assert grad[0] < 0 < grad[1]


def test_bce_with_logits_matches_bce_of_sigmoid():
    rng = np.random.default_rng(2)
    z = rng.normal(scale=2, size=(5, 2))
    t = (rng.random((5, 2)) < 0.5).astype(float)
    l1, g1 = L.binary_cross_entropy_with_logits(z, t)
    l2, g2 = L.binary_cross_entropy(sigmoid(z), t)
    assert l1 == pytest.approx(l2, rel=1e-10)
    np.testing.assert_allclose(g1, (sigmoid(z) - t) / 5, rtol=1e-14)
    np.testing.assert_allclose(g1, g2 * sigmoid(z) * (1 - sigmoid(z)), rtol=1e-8)  # chain rule
    assert_grad_ok(L.binary_cross_entropy_with_logits, z, t)


def test_bce_with_logits_extreme_warning_free_and_exact():
    z = np.array([-1e4, 1e4, -1e4, 1e4, 0.0, -1e308, 1e308])
    t = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    loss, grad = strict(L.binary_cross_entropy_with_logits, z, t)
    # confident mistakes cost |z| each; confident correct answers cost ~0; z = 0 costs log 2
    assert loss == pytest.approx((1e4 + 1e4 + np.log(2)) / 7, rel=1e-14)
    np.testing.assert_allclose(grad, np.array([-1, 1, 0, 0, -0.5, 0, 0]) / 7, atol=1e-300)


# --------------------------------------------------------------------------- softmax cross-entropy
def test_softmax_ce_lecture_example():
    o = np.array([[0.6, -1.0, 5.0, 8.0, 4.0]])
    loss, grad = L.softmax_cross_entropy(o, [3])
    f = np.exp(o[0]) / np.exp(o[0]).sum()
    assert loss == pytest.approx(-np.log(f[3]), rel=1e-14)
    onehot = np.array([0, 0, 0, 1, 0.0])
    np.testing.assert_allclose(grad[0], f - onehot, rtol=1e-13, atol=1e-17)


def test_softmax_ce_uniform_logits_give_log_k():
    loss, grad = L.softmax_cross_entropy(np.zeros((4, 10)), [0, 3, 9, 5])
    assert loss == pytest.approx(np.log(10), rel=1e-15)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-16)


def test_softmax_ce_gradient():
    rng = np.random.default_rng(3)
    logits = rng.normal(scale=2, size=(6, 4))
    labels = rng.integers(0, 4, size=6)
    grad, _ = assert_grad_ok(L.softmax_cross_entropy, logits, labels)
    onehot = np.eye(4)[labels]
    np.testing.assert_allclose(grad, (softmax(logits) - onehot) / 6, rtol=1e-14)


def test_softmax_ce_extreme_logits_warning_free():
    logits = np.array([[1000.0, 1000.0, -1000.0], [1e4, -1e4, 0.0], [-1e308, 0.0, 1e308]])
    loss, grad = strict(L.softmax_cross_entropy, logits, np.array([0, 1, 2]))
    # row losses: log 2 (a tie), 2e4 (a confident mistake costs the logit gap), 0 (confidently right)
    assert loss == pytest.approx((np.log(2) + 2e4 + 0.0) / 3, rel=1e-14)
    np.testing.assert_allclose(grad, np.array([[-0.5, 0.5, 0], [1, -1, 0], [0, 0, 0]]) / 3, atol=1e-300)


def test_softmax_ce_accepts_integral_float_labels():
    l1, _ = L.softmax_cross_entropy(np.eye(3), np.array([0, 1, 2]))
    l2, _ = L.softmax_cross_entropy(np.eye(3), np.array([0.0, 1.0, 2.0]))
    assert l1 == l2


# ---------------------------------------------------------------------------------- dtypes, errors
@pytest.mark.parametrize("fn, args", [
    (L.squared_error, (np.float32([[1, 2]]), np.float32([[0, 1]]))),
    (L.binary_cross_entropy, (np.float32([0.2, 0.7]), np.float32([0, 1]))),
    (L.binary_cross_entropy_with_logits, (np.float32([0.2, -3]), np.float32([0, 1]))),
    (L.softmax_cross_entropy, (np.float32([[0.2, -3]]), np.array([1]))),
])
def test_grad_keeps_float32_and_loss_is_float(fn, args):
    loss, grad = fn(*args)
    assert isinstance(loss, float)
    assert grad.dtype == np.float32


@pytest.mark.parametrize("call, match", [
    (lambda: L.squared_error(np.zeros((3, 2)), np.zeros((3,))), r"shape \(3, 2\).*shape \(3,\)"),
    (lambda: L.squared_error(np.zeros((0, 2)), np.zeros((0, 2))), "empty"),
    (lambda: L.binary_cross_entropy(np.array([1.5]), np.array([1.0])), r"\[0, 1\]"),
    (lambda: L.binary_cross_entropy(np.array([0.5]), np.array([-1.0])), "-1/\\+1"),
    (lambda: L.binary_cross_entropy_with_logits(np.zeros(2), np.array([-1.0, 1.0])), "0/1"),
    (lambda: L.softmax_cross_entropy(np.zeros(3), [1]), r"shape \(n, k\)"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 3)), [1]), r"shape \(2,\)"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 3)), [1, 3]), r"0\.\.2"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 3)), [0.5, 1]), "integer"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 3)), np.eye(3)[[0, 1]]), "shape"),
])
def test_validation_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_losses_do_not_modify_inputs():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(3, 4))
    before = z.copy()
    L.softmax_cross_entropy(z, [0, 1, 2])
    L.squared_error(z, np.zeros_like(z))
    L.binary_cross_entropy_with_logits(z, np.ones_like(z))
    np.testing.assert_array_equal(z, before)
