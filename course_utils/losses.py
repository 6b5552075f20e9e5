"""Loss functions: each returns ``(loss, grad)`` with ``grad`` the gradient w.r.t. the FIRST argument.

Conventions shared by every loss here:

* A batch has one example per row, ``n`` rows.  Losses are **means over the batch** of the per-example
  loss, and a per-example loss with several outputs is the **sum over its outputs**.  So the gradient
  always carries a factor ``1/n``.  A 1-D input of length ``n`` is ``n`` examples with one output each.
* ``loss`` is a Python ``float``.  The arithmetic is done in float64; ``grad`` has the shape of the first
  argument and its dtype (float32 stays float32, anything else becomes float64).
* Every function is warning-free for any finite input; shapes and labels are validated with a
  ``ValueError`` that says what was expected.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid

__all__ = [
    "BCE_EPS",
    "squared_error",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "softmax_cross_entropy",
]

#: Probabilities are clipped to ``[BCE_EPS, 1 - BCE_EPS]`` in :func:`binary_cross_entropy`, so that
#: ``p = 0`` or ``p = 1`` gives a large but finite loss (``-log(1e-12) ~ 27.6``) instead of ``inf``.
BCE_EPS = 1e-12


def _prepare(y, t, name_y, name_t, fname):
    """Validate two same-shape arrays; return (y64, t64, out_dtype, n)."""
    y = np.asarray(y)
    t = np.asarray(t)
    if y.shape != t.shape:
        raise ValueError(
            f"{fname}: {name_y} has shape {y.shape} but {name_t} has shape {t.shape}; "
            "they must have the same shape (one row per example)"
        )
    if y.ndim == 0:
        raise ValueError(f"{fname}: expected a batch of shape (n,) or (n, k), got a scalar")
    n = y.shape[0]
    if n == 0:
        raise ValueError(f"{fname}: the batch is empty (n = 0); a mean over no examples is undefined")
    out_dtype = np.float32 if y.dtype == np.float32 else np.float64
    return y.astype(np.float64, copy=False), t.astype(np.float64, copy=False), out_dtype, n


# ----------------------------------------------------------------------------------- squared error
def squared_error(y, t):
    """Half squared error, summed over outputs and averaged over the batch.

    .. math:: L = \\frac{1}{n} \\sum_{i=1}^{n} \\frac{1}{2} \\sum_{k} (y_{ik} - t_{ik})^2,
              \\qquad \\frac{\\partial L}{\\partial y_{ik}} = \\frac{y_{ik} - t_{ik}}{n}

    Parameters
    ----------
    y : array_like, shape (n,) or (n, k)
        Predictions (network outputs).
    t : array_like, same shape as ``y``
        Targets.

    Returns
    -------
    loss : float
    grad : ndarray, same shape as ``y``
        ``(y - t) / n``.
    """
    y, t, dtype, n = _prepare(y, t, "y", "t", "squared_error")
    diff = y - t
    loss = 0.5 * float(np.sum(diff * diff)) / n
    return loss, (diff / n).astype(dtype, copy=False)


# ---------------------------------------------------------------------------- binary cross-entropy
def _check_targets01(t, fname):
    if not np.all((t >= 0) & (t <= 1)):
        raise ValueError(f"{fname}: targets t must lie in [0, 1] (use 0/1 labels, not -1/+1)")


def binary_cross_entropy(p, t):
    """Binary cross-entropy of predicted probabilities, averaged over the batch.

    .. math:: L = -\\frac{1}{n} \\sum_{i} \\sum_{k} \\big[t_{ik} \\log p_{ik} + (1 - t_{ik}) \\log(1 - p_{ik})\\big],
              \\qquad \\frac{\\partial L}{\\partial p_{ik}} = \\frac{1}{n}\\,\\frac{p_{ik} - t_{ik}}{p_{ik}(1 - p_{ik})}

    ``p`` is clipped to ``[BCE_EPS, 1 - BCE_EPS]`` (``BCE_EPS = 1e-12``) before both formulas, so
    ``p = 0`` or ``p = 1`` give a finite loss and gradient with no warning.  When you have the
    pre-activation ``z`` of a sigmoid output, prefer :func:`binary_cross_entropy_with_logits`, which
    needs no clipping and is exact.

    Parameters
    ----------
    p : array_like, shape (n,) or (n, k)
        Predicted probabilities in [0, 1].
    t : array_like, same shape as ``p``
        Targets in [0, 1] (usually 0/1 labels).

    Returns
    -------
    loss : float
    grad : ndarray, same shape as ``p``
    """
    p, t, dtype, n = _prepare(p, t, "p", "t", "binary_cross_entropy")
    if not np.all((p >= 0) & (p <= 1)):
        raise ValueError("binary_cross_entropy: p must be probabilities in [0, 1]; for scores use "
                         "binary_cross_entropy_with_logits")
    _check_targets01(t, "binary_cross_entropy")
    pc = np.clip(p, BCE_EPS, 1 - BCE_EPS)
    loss = -float(np.sum(t * np.log(pc) + (1 - t) * np.log1p(-pc))) / n
    grad = (pc - t) / (pc * (1 - pc)) / n
    return loss, grad.astype(dtype, copy=False)


def binary_cross_entropy_with_logits(z, t):
    """Binary cross-entropy of a sigmoid output, computed from its pre-activation (logit) ``z``.

    With ``p = sigma(z)``, ``-[t log p + (1 - t) log(1 - p)] = log(1 + e^{z}) - t z``, so

    .. math:: L = \\frac{1}{n} \\sum_{i} \\sum_{k} \\big[\\log(1 + e^{z_{ik}}) - t_{ik} z_{ik}\\big],
              \\qquad \\frac{\\partial L}{\\partial z_{ik}} = \\frac{\\sigma(z_{ik}) - t_{ik}}{n}

    ``log(1 + e^z)`` is evaluated as ``np.logaddexp(0, z)``: overflow-free for any finite ``z``, with an
    *absolute* error of about ``eps * |z|`` (``eps`` = 2.2e-16), which is all a mean loss needs. It is not
    exact: for a confident correct prediction (``t = 1``, large ``z``) the two large terms cancel and the
    *relative* error grows (about 1e-2 at ``z = 30``; from ``z = 34`` on the loss rounds to 0). For relative
    accuracy use ``max(z, 0) - t z + log1p(e^{-|z|})`` (unit 3, section 7).  The simple gradient
    ``sigma(z) - t`` is why sigmoid outputs pair with cross-entropy.

    Parameters
    ----------
    z : array_like, shape (n,) or (n, k)
        Logits (pre-activations of the sigmoid output units).
    t : array_like, same shape as ``z``
        Targets in [0, 1].

    Returns
    -------
    loss : float
    grad : ndarray, same shape as ``z``
    """
    z, t, dtype, n = _prepare(z, t, "z", "t", "binary_cross_entropy_with_logits")
    _check_targets01(t, "binary_cross_entropy_with_logits")
    with np.errstate(under="ignore"):  # log1p(e^-|z|) underflows to 0 for huge |z|: the exact rounding
        loss = float(np.sum(np.logaddexp(0, z) - t * z)) / n
    grad = (sigmoid(z) - t) / n
    return loss, grad.astype(dtype, copy=False)


# --------------------------------------------------------------------------- softmax cross-entropy
def _check_labels(labels, n, k, fname):
    labels = np.asarray(labels)
    if labels.shape != (n,):
        raise ValueError(f"{fname}: labels must have shape ({n},) (one integer class per row of the "
                         f"logits), got shape {labels.shape}")
    if labels.dtype.kind not in "iu":
        if labels.dtype.kind == "f" and np.all(np.isfinite(labels)) and np.all(labels == np.round(labels)):
            labels = labels.astype(np.int64)
        else:
            raise ValueError(f"{fname}: labels must be integer class indices 0..{k - 1} (not one-hot "
                             f"vectors or probabilities), got dtype {labels.dtype}")
    if n and (labels.min() < 0 or labels.max() >= k):
        raise ValueError(f"{fname}: labels must lie in 0..{k - 1} for {k} classes, "
                         f"got values from {labels.min()} to {labels.max()}")
    return labels.astype(np.intp, copy=False)


def softmax_cross_entropy(logits, labels):
    """Softmax followed by the cross-entropy (negative log-likelihood), averaged over the batch.

    With ``f = softmax(o)`` row-wise and integer labels ``y_i``:

    .. math:: L = -\\frac{1}{n} \\sum_{i=1}^{n} \\log f_{y_i}(\\mathbf{o}_i),
              \\qquad \\frac{\\partial L}{\\partial o_{ik}} = \\frac{f_k(\\mathbf{o}_i) - [k = y_i]}{n}

    i.e. ``grad = (softmax(logits) - onehot(labels)) / n``.  The log-probabilities are computed as in
    :func:`~course_utils.activations.log_softmax` (never as ``log(softmax)``), so the loss is exact even
    for huge logits.

    Parameters
    ----------
    logits : array_like, shape (n, k)
        Scores ``o``, one row per example, one column per class.
    labels : array_like of int, shape (n,)
        The correct class of each example, in ``0 .. k-1``.

    Returns
    -------
    loss : float
    grad : ndarray, shape (n, k)
    """
    logits = np.asarray(logits)
    fname = "softmax_cross_entropy"
    if logits.ndim != 2:
        raise ValueError(f"{fname}: logits must have shape (n, k), got shape {logits.shape}; "
                         "for a single example use logits[None, :]")
    n, k = logits.shape
    if n == 0 or k == 0:
        raise ValueError(f"{fname}: logits has an empty dimension, shape {logits.shape}")
    labels = _check_labels(labels, n, k, fname)
    dtype = np.float32 if logits.dtype == np.float32 else np.float64
    o = logits.astype(np.float64, copy=False)
    rows = np.arange(n)
    # one pass for both: log f_k = (o_k - m) - log s and f_k = e^(o_k - m) / s, with s = sum_j e^(o_j - m)
    # (the same stable arithmetic as activations.log_softmax and activations.softmax)
    with np.errstate(under="ignore", over="ignore"):
        shifted = o - o.max(axis=1, keepdims=True)
        e = np.exp(shifted)
    s = e.sum(axis=1, keepdims=True)
    loss = -float(np.sum(shifted[rows, labels] - np.log(s[:, 0]))) / n
    grad = e / s
    grad[rows, labels] -= 1.0
    grad /= n
    return loss, grad.astype(dtype, copy=False)
