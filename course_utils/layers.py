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
    "batchnorm_forward",
    "batchnorm_backward",
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


# ------------------------------------------------------------------------------------ batch normalization
def batchnorm_forward(X, gamma, beta, bn_param):
    """Batch normalization (Ioffe & Szegedy 2015): standardize every feature over the batch, then scale and shift.

    In the notation of lecture 5 (features ``j``, examples ``i = 1..n`` of the batch), in training mode

    .. math:: \\mu_j = \\frac1n \\sum_i x_{ij}, \\quad \\sigma_j^2 = \\frac1n \\sum_i (x_{ij} - \\mu_j)^2, \\quad
              \\hat x_{ij} = \\frac{x_{ij} - \\mu_j}{\\sqrt{\\sigma_j^2 + \\varepsilon}}, \\quad
              y_{ij} = \\gamma_j \\hat x_{ij} + \\beta_j,

    and the running averages move towards the batch statistics,
    ``running_mean <- m * running_mean + (1 - m) * mu`` (the same for the variance, with the *biased*
    batch variance ``sigma^2``; PyTorch's ``momentum = 1 - m`` and it stores the unbiased ``n/(n-1) sigma^2``).
    In test mode the running averages take the place of ``mu`` and ``sigma^2`` and nothing is updated: the
    layer is then a fixed affine map of each feature.

    The statistics are computed on each column divided by its largest magnitude, so that inputs of any
    finite size (1e-300 or 1e300) and constant columns (``sigma = 0``: ``x_hat = 0``) give no warning.

    Parameters
    ----------
    X : array_like, shape (n, D)
        A batch, one example per row (``n >= 1``; training mode needs the batch statistics of ``n`` rows).
    gamma, beta : array_like, shape (D,)
        Per-feature scale and shift (learned).
    bn_param : dict
        ``mode``: ``"train"`` (default) or ``"test"``; ``eps`` (default 1e-5); ``momentum`` ``m`` (default
        0.9); ``running_mean``, ``running_var`` (shape (D,); zeros and ones when absent). In training mode
        the two running averages are *replaced* by new arrays in this dict (the arrays passed in are not
        modified); this dict is the layer's state, as in CS231n.

    Returns
    -------
    out : ndarray, shape (n, D)
    cache : tuple
        ``(mode, x_hat, gamma, inv_std)`` with ``inv_std = 1 / sqrt(var + eps)`` of shape (D,), for
        :func:`batchnorm_backward`.
    """
    X, gamma, beta = _as_float(X), _as_float(gamma), _as_float(beta)
    if X.ndim != 2:
        raise ValueError(f"batchnorm_forward: X must have shape (n, D), got shape {X.shape}")
    n, D = X.shape
    if gamma.shape != (D,) or beta.shape != (D,):
        raise ValueError(f"batchnorm_forward: gamma and beta must have shape (D,) = ({D},), "
                         f"got {gamma.shape} and {beta.shape}")
    mode = bn_param.get("mode", "train")
    if mode not in ("train", "test"):
        raise ValueError(f"batchnorm_forward: bn_param['mode'] must be 'train' or 'test', got {mode!r}")
    eps = float(bn_param.get("eps", 1e-5))
    if not eps > 0:
        raise ValueError(f"batchnorm_forward: eps must be > 0, got {eps}")
    momentum = float(bn_param.get("momentum", 0.9))
    dtype = X.dtype
    running_mean = _as_float(bn_param.get("running_mean", np.zeros(D, dtype=dtype)))
    running_var = _as_float(bn_param.get("running_var", np.ones(D, dtype=dtype)))
    if mode == "train":
        if n < 1:
            raise ValueError("batchnorm_forward: training mode needs at least one example")
        # statistics of each column scaled by its largest magnitude c (no overflow, no 0/0)
        c = np.max(np.abs(X), axis=0)
        c = np.where(c > 0, c, 1.0).astype(dtype)
        Xs = X / c
        mu_s = Xs.mean(axis=0)
        dev_s = Xs - mu_s
        std_s = np.sqrt(np.mean(dev_s * dev_s, axis=0))            # sigma / c
        with np.errstate(under="ignore"):
            denom_s = np.hypot(std_s, np.sqrt(eps) / c)             # sqrt(sigma^2 + eps) / c
        denom_s = np.where(denom_s > 0, denom_s, 1.0)
        x_hat = dev_s / denom_s
        with np.errstate(over="ignore", under="ignore"):
            inv_std = 1.0 / (c * denom_s)                          # 1 / sqrt(sigma^2 + eps)
            mu, var = c * mu_s, (c * std_s) ** 2                   # var is inf only beyond ~1e154
            bn_param["running_mean"] = momentum * running_mean + (1.0 - momentum) * mu
            bn_param["running_var"] = momentum * running_var + (1.0 - momentum) * var
    else:
        if running_mean.shape != (D,) or running_var.shape != (D,):
            raise ValueError(f"batchnorm_forward: the running averages must have shape ({D},)")
        with np.errstate(over="ignore", under="ignore"):
            inv_std = 1.0 / np.sqrt(running_var + eps)
            x_hat = (X - running_mean) * inv_std
    out = gamma * x_hat + beta
    return out.astype(dtype, copy=False), (mode, x_hat.astype(dtype, copy=False), gamma,
                                           np.asarray(inv_std, dtype=dtype))


def batchnorm_backward(dout, cache):
    """Backward pass of :func:`batchnorm_forward`.

    With ``g_ij = dL/dy_ij`` (``dout``) and sums over the batch ``i``:

    .. math:: \\frac{\\partial L}{\\partial \\gamma_j} = \\sum_i g_{ij} \\hat x_{ij}, \\qquad
              \\frac{\\partial L}{\\partial \\beta_j} = \\sum_i g_{ij},

    and, in training mode (``mu`` and ``sigma`` depend on every row of the batch),

    .. math:: \\frac{\\partial L}{\\partial x_{ij}} = \\frac{\\gamma_j}{n\\sqrt{\\sigma_j^2 + \\varepsilon}}
              \\Big(n\\, g_{ij} - \\sum_k g_{kj} - \\hat x_{ij} \\sum_k g_{kj} \\hat x_{kj}\\Big);

    in test mode the layer is affine per feature and ``dL/dx_ij = gamma_j g_ij / sqrt(running_var_j + eps)``.

    Parameters
    ----------
    dout : array_like, shape (n, D)
    cache : tuple
        From :func:`batchnorm_forward`.

    Returns
    -------
    dX : ndarray, shape (n, D)
    dgamma, dbeta : ndarray, shape (D,)
    """
    mode, x_hat, gamma, inv_std = cache
    dout = _check_dout(dout, x_hat.shape, "batchnorm_backward")
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    scale = gamma * inv_std
    if mode == "test":
        return dout * scale, dgamma, dbeta
    n = x_hat.shape[0]
    dX = scale * (dout - dbeta / n - x_hat * (dgamma / n))
    return dX, dgamma, dbeta
