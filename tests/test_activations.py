"""Tests for course_utils.activations: values, derivatives against central differences, stability.

Gradient threshold: the elementwise derivatives are compared with central differences (h = 1e-5) in
float64 at points away from the ReLU kink.  The central difference of ``sum(fn(z))`` carries rounding
noise of about ``eps * |sum| / h ~ 1e-10`` (absolute), so we require
``|analytic - numeric| <= 1e-7 * |numeric| + 1e-9``; a wrong derivative misses by orders of magnitude.
"""

import warnings

import numpy as np
import pytest

from course_utils import activations as A
from course_utils.gradcheck import numerical_gradient, rel_error

EXTREME = np.array([-1e308, -1e4, -745.0, -710.0, -40.0, -1.0, 0.0, 1.0, 40.0, 710.0, 1e4, 1e308])


def strict(fn, *args):
    """Call fn with every NumPy floating-point problem raised and every warning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            return fn(*args)


def elementwise_numeric(fn, z):
    """d fn(z_j) / d z_j for an elementwise fn, via numerical_gradient of sum(fn(z))."""
    z = np.array(z, dtype=np.float64)
    return numerical_gradient(lambda x: float(np.sum(fn(x))), z)


# ------------------------------------------------------------------------------------------ values
def test_sigmoid_hand_values():
    assert A.sigmoid(0.0) == 0.5
    np.testing.assert_allclose(A.sigmoid(np.array([1.0, -2.0])), [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(2))],
                               rtol=1e-15)
    # symmetry sigma(-z) = 1 - sigma(z)
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(A.sigmoid(-z), 1 - A.sigmoid(z), atol=1e-15)


def test_sigmoid_extremes_exact_and_warning_free():
    out = strict(A.sigmoid, np.array([-1e4, 1e4]))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [0.0, 1.0])
    out = strict(A.sigmoid, EXTREME)
    assert np.all(np.isfinite(out)) and np.all((out >= 0) & (out <= 1))
    assert np.all(np.diff(out) >= 0), "sigmoid must be monotone"
    # in the far negative tail sigma(z) ~ e^z with full relative accuracy
    np.testing.assert_allclose(strict(A.sigmoid, np.array([-40.0, -700.0])), np.exp([-40.0, -700.0]), rtol=1e-12)


def test_tanh_and_relu_values():
    np.testing.assert_allclose(A.tanh(np.array([-1.0, 0.0, 0.5])), np.tanh([-1.0, 0.0, 0.5]), rtol=1e-15)
    np.testing.assert_array_equal(A.relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(strict(A.tanh, np.array([-1e308, 1e308])), [-1.0, 1.0])


def test_derivative_values_by_hand():
    assert A.sigmoid_grad(0.0) == 0.25
    assert A.tanh_grad(0.0) == 1.0
    np.testing.assert_allclose(A.tanh_grad(np.array([0.3, -2.0])), 1 - np.tanh([0.3, -2.0]) ** 2, rtol=1e-13)
    s = 1 / (1 + np.exp(-1.5))
    np.testing.assert_allclose(A.sigmoid_grad(1.5), s * (1 - s), rtol=1e-14)


def test_relu_grad_subgradient_at_zero_is_zero():
    np.testing.assert_array_equal(A.relu_grad(np.array([-1.0, 0.0, -0.0, 1e-300, 5.0])), [0, 0, 0, 1, 1])


def test_derivatives_extremes_warning_free():
    for fn in (A.sigmoid_grad, A.tanh_grad, A.relu_grad):
        out = strict(fn, EXTREME)
        assert out.shape == EXTREME.shape and np.all(np.isfinite(out)) and np.all(out >= 0)
    # the tails keep relative accuracy: sigma'(40) ~ e^-40, tanh'(20) ~ 4 e^-40
    np.testing.assert_allclose(A.sigmoid_grad(40.0), np.exp(-40.0), rtol=1e-12)
    np.testing.assert_allclose(A.tanh_grad(20.0), 4 * np.exp(-40.0), rtol=1e-12)


@pytest.mark.parametrize("fn, dfn", [(A.sigmoid, A.sigmoid_grad), (A.tanh, A.tanh_grad), (A.relu, A.relu_grad)])
def test_derivatives_match_central_differences(fn, dfn):
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3.0, size=(7, 5))
    z[np.abs(z) < 1e-3] = 0.5  # keep away from the ReLU kink
    np.testing.assert_allclose(dfn(z), elementwise_numeric(fn, z), rtol=1e-7, atol=1e-9)
    # and the check can fail: the output instead of the derivative, or a forgotten factor
    assert not np.allclose(fn(z), elementwise_numeric(fn, z), rtol=1e-7, atol=1e-9)
    assert not np.allclose(2 * dfn(z), elementwise_numeric(fn, z), rtol=1e-7, atol=1e-9)


# ----------------------------------------------------------------------------------------- softmax
def test_softmax_lecture_example():
    """The seed lecture's example o = (0.6, -1, 5, 8, 4); the slide's rounded numbers do not sum to 1."""
    o = np.array([0.6, -1.0, 5.0, 8.0, 4.0])
    e = np.exp(o)
    expected = e / e.sum()
    f = A.softmax(o)
    np.testing.assert_allclose(f, expected, rtol=1e-14)
    np.testing.assert_allclose(f, [0.000572, 0.000115, 0.046581, 0.935596, 0.017136], atol=1e-6)
    assert f.sum() == pytest.approx(1.0, abs=1e-15)
    assert np.argmax(f) == 3


def test_softmax_rowwise_and_shift_invariant():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(6, 4))
    f = A.softmax(z)
    np.testing.assert_allclose(f.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(A.softmax(z + 123.0), f, rtol=1e-12)
    for i in range(6):  # each row on its own
        np.testing.assert_allclose(f[i], A.softmax(z[i]), rtol=1e-15)
    np.testing.assert_allclose(np.exp(A.log_softmax(z)), f, rtol=1e-13)


def test_softmax_extreme_rows_warning_free():
    z = np.array([[1000.0, 1000.0, -1000.0], [-1e308, 0.0, 1e308], [-1e4, -1e4, -1e4]])
    f = strict(A.softmax, z)
    np.testing.assert_allclose(f, [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-15)
    lf = strict(A.log_softmax, z)
    assert lf[0, 0] == pytest.approx(-np.log(2), rel=1e-15)
    assert lf[0, 2] == pytest.approx(-2000 - np.log(2), rel=1e-15), "log_softmax must stay finite"
    np.testing.assert_array_equal(strict(A.log_softmax, np.array([0.0, -1000.0])), [0.0, -1000.0])


def test_log_softmax_jacobian_vector_product_matches():
    """d/dz sum_k v_k log_softmax(z)_k = v - softmax(z) * sum(v): checks log_softmax against its derivative."""
    rng = np.random.default_rng(3)
    z = rng.normal(size=(3, 4))
    v = rng.normal(size=(3, 4))
    num = numerical_gradient(lambda x: float(np.sum(v * A.log_softmax(x))), z)
    ana = v - A.softmax(z) * v.sum(axis=1, keepdims=True)
    assert rel_error(ana, num) < 1e-7


# ------------------------------------------------------------------------------------------- dtypes
@pytest.mark.parametrize("fn", [A.sigmoid, A.sigmoid_grad, A.tanh, A.tanh_grad, A.relu, A.relu_grad,
                                A.softmax, A.log_softmax])
def test_dtypes(fn):
    assert fn(np.array([1, 2, 3])).dtype == np.float64          # ints -> float64
    assert fn([0.5, -0.5]).dtype == np.float64                    # lists -> float64
    assert fn(np.array([0.5, -0.5], dtype=np.float32)).dtype == np.float32  # float32 preserved
    assert fn(np.zeros((2, 3))).shape == (2, 3)


def test_inputs_not_modified():
    z = np.array([[1.0, -2.0, 3.0]])
    before = z.copy()
    for fn in (A.sigmoid, A.sigmoid_grad, A.tanh, A.tanh_grad, A.relu, A.relu_grad, A.softmax, A.log_softmax):
        fn(z)
    np.testing.assert_array_equal(z, before)
