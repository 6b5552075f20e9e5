"""Activation functions and their derivatives, exact and warning-free for every finite input.

Notation follows the lectures: a unit computes the pre-activation ``z = w . x + b`` and outputs
``h(z)``.  Every ``*_grad`` function takes the **pre-activation** ``z`` (not the output) and returns
the elementwise derivative ``h'(z)``, which is what back-propagation multiplies the incoming error
signal by.

Dtypes: float64 and float32 inputs keep their dtype; every other input (ints, bools, lists, Python
scalars) is converted to float64.  Results never overflow and never emit a NumPy warning, even inside
``np.errstate(all="raise")``: the stable forms below are used, and values that are smaller than the
smallest float (e.g. ``sigmoid(-1e4)``) are rounded to zero on purpose, which is the correctly
rounded answer and therefore not treated as an error.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "softmax",
    "log_softmax",
]

_LOG4 = float(np.log(4.0))


def _as_float(z):
    """Return ``z`` as a float64 array, or as float32 if it already is float32 (no copy when possible)."""
    arr = np.asarray(z)
    if arr.dtype == np.float64 or arr.dtype == np.float32:
        return arr
    return arr.astype(np.float64)


# ----------------------------------------------------------------------------------------- sigmoid
def sigmoid(z):
    """Logistic sigmoid, elementwise.

    .. math:: \\sigma(z) = \\frac{1}{1 + e^{-z}}

    Computed as ``exp(-log(1 + e^{-z}))`` with ``np.logaddexp``, which never overflows: for very
    negative ``z`` the exponent is large and negative and the result underflows gracefully to 0,
    for very positive ``z`` the result is exactly 1.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [0, 1] (float64, or float32 for float32 input).

    Examples
    --------
    >>> sigmoid(0.0)
    np.float64(0.5)
    >>> sigmoid(np.array([-1e4, 1e4]))
    array([0., 1.])
    """
    z = _as_float(z)
    with np.errstate(under="ignore"):
        return np.exp(-np.logaddexp(0, -z))


def sigmoid_grad(z):
    """Derivative of the sigmoid with respect to its pre-activation, elementwise.

    .. math:: \\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z)) = \\sigma(z)\\,\\sigma(-z)

    Evaluated as ``exp(-log(1 + e^{-z}) - log(1 + e^{z}))`` so that it keeps full relative accuracy
    in the tails (``1 - sigma(z)`` would round to 0 for z > 37).  The maximum is 1/4 at z = 0.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations (not the sigmoid's output).

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [0, 1/4].
    """
    z = _as_float(z)
    with np.errstate(under="ignore"):
        return np.exp(-np.logaddexp(0, -z) - np.logaddexp(0, z))


# -------------------------------------------------------------------------------------------- tanh
def tanh(z):
    """Hyperbolic tangent, elementwise.

    .. math:: \\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\\sigma(2z) - 1

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [-1, 1].
    """
    return np.tanh(_as_float(z))


def tanh_grad(z):
    """Derivative of tanh with respect to its pre-activation, elementwise.

    .. math:: \\tanh'(z) = 1 - \\tanh^2(z) = \\frac{4}{(e^{z} + e^{-z})^2}

    Evaluated as ``exp(log 4 - 2 log(e^z + e^{-z}))`` (via ``np.logaddexp``), which equals
    ``1 - tanh(z)**2`` to rounding error and keeps full relative accuracy for large ``|z|``.
    The maximum is 1 at z = 0.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations (not tanh's output).

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [0, 1].
    """
    z = _as_float(z)
    # 2 * |z| may overflow to inf for |z| > 9e307; exp(-inf) = 0 is then the correctly rounded value.
    with np.errstate(under="ignore", over="ignore"):
        return np.exp(_LOG4 - 2 * np.logaddexp(z, -z)).astype(z.dtype, copy=False)


# -------------------------------------------------------------------------------------------- relu
def relu(z):
    """Rectified linear unit, elementwise.

    .. math:: \\mathrm{relu}(z) = \\max(0, z)

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values >= 0.
    """
    z = _as_float(z)
    return np.maximum(z, 0)


def relu_grad(z):
    """Derivative of the ReLU with respect to its pre-activation, elementwise.

    .. math:: \\mathrm{relu}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}

    The ReLU has no derivative at exactly ``z = 0``; any value in [0, 1] is a valid subgradient.
    We use **0** there (as PyTorch and most libraries do), so ``relu_grad(0) == 0``.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Zeros and ones, in the float dtype of ``z``.
    """
    z = _as_float(z)
    return (z > 0).astype(z.dtype)


# ----------------------------------------------------------------------------------------- softmax
def softmax(z):
    """Softmax along the last axis (row-wise for a batch of shape ``(n, k)``).

    .. math:: f_k(\\mathbf{o}) = \\frac{e^{o_k}}{\\sum_{j} e^{o_j}}

    The row maximum is subtracted first, ``softmax(o) = softmax(o - max_j o_j)``, so the largest
    exponent is ``e^0 = 1`` and nothing overflows (rows such as ``[1000, 1000, -1000]`` give
    ``[0.5, 0.5, 0]``).

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k)
        Scores (logits), one row per example.

    Returns
    -------
    ndarray, same shape as ``z``
        Each row is a probability vector: entries in [0, 1] that sum to 1.
    """
    z = _as_float(z)
    if z.ndim == 0:
        raise ValueError("softmax needs at least one score: got a scalar; pass shape (k,) or (n, k)")
    # Overflow can only occur in z - max for scores near +-1.8e308; the result, -inf, is then the
    # correctly rounded value and exp(-inf) = 0, so it is ignored together with underflow.
    with np.errstate(under="ignore", over="ignore"):
        shifted = z - np.max(z, axis=-1, keepdims=True)
        e = np.exp(shifted)
        return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    """Logarithm of the softmax along the last axis, computed without forming the softmax.

    .. math:: \\log f_k(\\mathbf{o}) = o_k - m - \\log \\sum_j e^{o_j - m}, \\qquad m = \\max_j o_j

    Use this (not ``np.log(softmax(z))``) for the cross-entropy: it stays finite when a
    probability underflows to 0, e.g. ``log_softmax([0, -1000]) == [0, -1000]``.

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k)
        Scores (logits), one row per example.

    Returns
    -------
    ndarray, same shape as ``z``
        Log-probabilities (all <= 0); ``exp`` of each row sums to 1.
    """
    z = _as_float(z)
    if z.ndim == 0:
        raise ValueError("log_softmax needs at least one score: got a scalar; pass shape (k,) or (n, k)")
    with np.errstate(under="ignore", over="ignore"):
        shifted = z - np.max(z, axis=-1, keepdims=True)
        return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
