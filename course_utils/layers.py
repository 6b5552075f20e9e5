"""Layers as pairs of pure functions, each backward right next to its forward.

``*_forward(...) -> (out, cache)`` computes the layer's output and keeps in ``cache`` exactly what the
backward pass needs; ``*_backward(dout, cache)`` receives the upstream gradient ``dout = dL/dout``
(same shape as ``out``) and returns the gradients of the loss with respect to the forward's inputs,
by the chain rule.  Nothing is modified in place and nothing is random except through an explicit
``rng``.

Dtypes: float32 and float64 inputs keep their dtype (so a float32 network stays float32); every other
input is converted to float64.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid

__all__ = [
    "affine_forward",
    "affine_backward",
    "relu_forward",
    "relu_backward",
    "sigmoid_forward",
    "sigmoid_backward",
    "tanh_forward",
    "tanh_backward",
    "dropout_forward",
    "dropout_backward",
]


def _as_float(a):
    a = np.asarray(a)
    if a.dtype == np.float64 or a.dtype == np.float32:
        return a
    return a.astype(np.float64)


def _check_dout(dout, shape, fname):
    dout = _as_float(dout)
    if dout.shape != shape:
        raise ValueError(f"{fname}: dout has shape {dout.shape} but the forward output had shape {shape}")
    return dout


# ------------------------------------------------------------------------------------------ affine
def affine_forward(x, W, b):
    """Fully connected (affine) layer: ``out = x @ W + b``.

    .. math:: \\mathbf{a}_i = \\mathbf{W}^\\top \\mathbf{x}_i + \\mathbf{b}
              \\quad\\text{for every row } i, \\qquad\\text{i.e. } A = X W + \\mathbf{1} \\mathbf{b}^\\top

    Parameters
    ----------
    x : array_like, shape (n, d_in)
        A batch of inputs, one example per row.
    W : array_like, shape (d_in, d_out)
        Weights; column ``j`` holds the incoming weights of output unit ``j``.
    b : array_like, shape (d_out,)
        Biases.

    Returns
    -------
    out : ndarray, shape (n, d_out)
    cache : tuple
        ``(x, W)``, for :func:`affine_backward`.
    """
    x, W, b = _as_float(x), _as_float(W), _as_float(b)
    if x.ndim != 2:
        raise ValueError(f"affine_forward: x must have shape (n, d_in), got shape {x.shape}; "
                         "reshape images with x.reshape(len(x), -1) and single examples with x[None, :]")
    if W.ndim != 2 or W.shape[0] != x.shape[1]:
        raise ValueError(f"affine_forward: W must have shape (d_in, d_out) = ({x.shape[1]}, d_out) to "
                         f"match x of shape {x.shape}, got shape {W.shape}")
    if b.shape != (W.shape[1],):
        raise ValueError(f"affine_forward: b must have shape (d_out,) = ({W.shape[1]},), got shape {b.shape}")
    out = x @ W + b
    return out, (x, W)


def affine_backward(dout, cache):
    """Backward pass of :func:`affine_forward`.

    .. math:: \\frac{\\partial L}{\\partial X} = \\delta\\, W^\\top, \\qquad
              \\frac{\\partial L}{\\partial W} = X^\\top \\delta, \\qquad
              \\frac{\\partial L}{\\partial \\mathbf{b}} = \\sum_{i} \\delta_i
              \\qquad (\\delta = \\partial L / \\partial A)

    The bias gradient is a *sum* over the batch: the bias is used once per example.  (The mean over
    the batch is already inside ``dout`` when the loss is a mean.)

    Parameters
    ----------
    dout : array_like, shape (n, d_out)
        Upstream gradient ``dL/dout``.
    cache : tuple
        From :func:`affine_forward`.

    Returns
    -------
    dx : ndarray, shape (n, d_in)
    dW : ndarray, shape (d_in, d_out)
    db : ndarray, shape (d_out,)
    """
    x, W = cache
    dout = _check_dout(dout, (x.shape[0], W.shape[1]), "affine_backward")
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db


# -------------------------------------------------------------------------------------------- relu
def relu_forward(x):
    """ReLU layer: ``out = max(0, x)`` elementwise.

    Parameters
    ----------
    x : array_like, any shape
        Pre-activations.

    Returns
    -------
    out : ndarray, same shape as ``x``
    cache : ndarray
        ``x``, for :func:`relu_backward`.
    """
    x = _as_float(x)
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    """Backward pass of :func:`relu_forward`: ``dx = dout * [x > 0]``.

    The gradient passes where the unit was active and is blocked elsewhere; at exactly ``x = 0`` we use
    the subgradient 0 (see :func:`~course_utils.activations.relu_grad`).

    Parameters
    ----------
    dout : array_like, same shape as ``x``
    cache : ndarray
        From :func:`relu_forward`.

    Returns
    -------
    dx : ndarray, same shape as ``x``
    """
    x = cache
    dout = _check_dout(dout, x.shape, "relu_backward")
    return np.where(x > 0, dout, 0).astype(dout.dtype, copy=False)


# ----------------------------------------------------------------------------------------- sigmoid
def sigmoid_forward(x):
    """Sigmoid layer: ``out = sigma(x) = 1 / (1 + exp(-x))`` elementwise (stable for any finite x).

    Parameters
    ----------
    x : array_like, any shape
        Pre-activations.

    Returns
    -------
    out : ndarray, same shape as ``x``
    cache : ndarray
        ``out``: the sigmoid's derivative is a function of its output.
    """
    out = sigmoid(x)
    return out, out


def sigmoid_backward(dout, cache):
    """Backward pass of :func:`sigmoid_forward`: ``dx = dout * out * (1 - out)``.

    .. math:: \\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial h}\\, \\sigma(x)(1 - \\sigma(x))

    Parameters
    ----------
    dout : array_like, same shape as ``x``
    cache : ndarray
        ``out`` from :func:`sigmoid_forward`.

    Returns
    -------
    dx : ndarray, same shape as ``x``
    """
    out = cache
    dout = _check_dout(dout, out.shape, "sigmoid_backward")
    return dout * out * (1 - out)


# -------------------------------------------------------------------------------------------- tanh
def tanh_forward(x):
    """Tanh layer: ``out = tanh(x)`` elementwise.

    Parameters
    ----------
    x : array_like, any shape
        Pre-activations.

    Returns
    -------
    out : ndarray, same shape as ``x``
    cache : ndarray
        ``out``: tanh's derivative is a function of its output.
    """
    out = np.tanh(_as_float(x))
    return out, out


def tanh_backward(dout, cache):
    """Backward pass of :func:`tanh_forward`: ``dx = dout * (1 - out**2)``.

    .. math:: \\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial h}\\,(1 - \\tanh^2 x)

    Parameters
    ----------
    dout : array_like, same shape as ``x``
    cache : ndarray
        ``out`` from :func:`tanh_forward`.

    Returns
    -------
    dx : ndarray, same shape as ``x``
    """
    out = cache
    dout = _check_dout(dout, out.shape, "tanh_backward")
    return dout * (1 - out * out)


# ----------------------------------------------------------------------------------------- dropout
def dropout_forward(x, p, rng=None, train=True):
    """Inverted dropout (Srivastava et al. 2014): drop each unit with probability ``p`` while training.

    .. math:: m_{ij} = \\frac{[u_{ij} \\ge p]}{1 - p}, \\quad u_{ij} \\sim U[0, 1), \\qquad
              \\text{out} = x \\odot m

    Each kept unit is scaled by ``1 / (1 - p)`` so that ``E[out] = x``; therefore at test time
    (``train=False``) the layer is simply the identity, no rescaling needed.  ``p = 0`` is also the
    identity (and draws no random numbers).

    Parameters
    ----------
    x : array_like, any shape
        Activations.
    p : float in [0, 1)
        Probability of **dropping** a unit (not of keeping it).
    rng : numpy.random.Generator
        Source of the mask; required when ``train`` is true and ``p > 0``.
    train : bool, default True
        Whether to drop units (training) or pass ``x`` through (evaluation).

    Returns
    -------
    out : ndarray, same shape as ``x``
    cache : tuple
        ``(mask, p, train)``; ``mask`` is ``None`` when the layer acted as the identity.
    """
    x = _as_float(x)
    p = float(p)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout_forward: p is the probability of dropping a unit and must lie in [0, 1), got {p}")
    if not train or p == 0.0:
        return x, (None, p, train)
    if not isinstance(rng, np.random.Generator):
        raise TypeError("dropout_forward: pass rng=np.random.default_rng(seed) (a numpy.random.Generator) "
                        f"when training with p > 0, got {type(rng).__name__}")
    mask = (rng.random(x.shape) >= p).astype(x.dtype) / x.dtype.type(1.0 - p)
    return x * mask, (mask, p, train)


def dropout_backward(dout, cache):
    """Backward pass of :func:`dropout_forward`: ``dx = dout * mask`` (identity if no mask was used).

    Dropped units get zero gradient; kept units get the same ``1 / (1 - p)`` scale as in the forward.

    Parameters
    ----------
    dout : array_like, same shape as ``x``
    cache : tuple
        From :func:`dropout_forward`.

    Returns
    -------
    dx : ndarray, same shape as ``x``
    """
    mask, _p, _train = cache
    dout = _as_float(dout)
    if mask is None:
        return dout
    if dout.shape != mask.shape:
        raise ValueError(f"dropout_backward: dout has shape {dout.shape} but the forward input had shape {mask.shape}")
    return dout * mask
