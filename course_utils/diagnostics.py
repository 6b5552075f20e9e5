"""Watching a network train: the checks of unit 4's section "Watching a network train", and their plots.

* :func:`initial_loss_check`: an untrained classifier should score about ``ln K`` (every class ``1/K``).
* :func:`layer_signals`: per hidden layer, the activations on a batch and the error signals ``∂L/∂h``.
* :func:`update_ratios`: ``‖ΔW‖ / ‖W‖`` per weight matrix for one optimizer step (about ``1e-3`` is healthy).
* :func:`dead_fraction`: the share of ReLU units that output 0 for every example of a batch.
* :func:`watch_training`: mini-batch training that records all of the above as it goes.
* :func:`plot_layer_histograms`, :func:`plot_update_ratios`: the figures.

The functions work on any model shaped like :class:`course_utils.mlp.MLP`: ``params`` (``W1, b1, ..., WL, bL``,
``W{l}`` of shape ``(n_{l-1}, n_l)``), ``activation`` (``"relu"``, ``"tanh"`` or ``"sigmoid"``) and
``loss_and_grads(X, y)``. For per-layer statistics during training with other initialisations and optimizers,
see the capstone widget's :func:`course_utils.widgets.layer_stats.layer_statistics`.
"""
from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from .layers import (affine_backward, affine_forward, relu_backward, relu_forward, sigmoid_backward,
                     sigmoid_forward, tanh_backward, tanh_forward)
from .losses import softmax_cross_entropy

__all__ = ["initial_loss_check", "layer_signals", "update_ratios", "dead_fraction", "watch_training",
           "plot_layer_histograms", "plot_update_ratios"]

_ACT = {"relu": (relu_forward, relu_backward), "tanh": (tanh_forward, tanh_backward),
        "sigmoid": (sigmoid_forward, sigmoid_backward)}


def initial_loss_check(model, X, y, n_classes=None):
    """The untrained model's mean cross-entropy next to ``ln K``, the loss of predicting ``1/K`` for every class.

    Parameters
    ----------
    model : object with ``loss(X, y)`` (mean cross-entropy, no penalty) or ``loss_and_grads(X, y)``
    X : ndarray of shape (n, d)
    y : ndarray of int, shape (n,)
    n_classes : int, optional
        ``K``; by default ``model.sizes[-1]``, else ``max(y) + 1``.

    Returns
    -------
    dict
        ``loss``, ``ln_k`` (``ln K``), ``excess`` (``loss − ln K``).
    """
    if n_classes is None:
        n_classes = model.sizes[-1] if hasattr(model, "sizes") else int(np.max(y)) + 1
    loss = float(model.loss(X, y)) if hasattr(model, "loss") else float(model.loss_and_grads(X, y)[0])
    ln_k = float(np.log(n_classes))
    return {"loss": loss, "ln_k": ln_k, "excess": loss - ln_k}


def layer_signals(params, X, y, activation="relu"):
    """Forward and backward pass of a fully connected classifier, keeping every hidden layer's signals.

    ``a⁽ˡ⁾ = h⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾``, ``h⁽ˡ⁾ = φ(a⁽ˡ⁾)`` for ``l = 1 .. L−1``, logits ``o = h⁽ᴸ⁻¹⁾ W⁽ᴸ⁾ + b⁽ᴸ⁾``, loss
    the mean softmax cross-entropy ``L`` (no penalty); the error signals are ``∂L/∂h⁽ˡ⁾`` (they carry the
    ``1/n`` of the mean).

    Parameters
    ----------
    params : dict
        ``W1, b1, ..., WL, bL``.
    X : ndarray of shape (n, d)
    y : ndarray of int, shape (n,)
    activation : {"relu", "tanh", "sigmoid"}

    Returns
    -------
    dict
        ``loss`` (float); ``pre``, ``act``, ``grad_act``: lists of ``L − 1`` arrays of shape ``(n, n_l)`` (the
        pre-activations, activations and error signals of the hidden layers, input side first); ``grad_W``:
        list of ``L`` arrays, ``∂L/∂W⁽ˡ⁾`` of the shapes of the weights.
    """
    if activation not in _ACT:
        raise ValueError(f"activation must be one of {sorted(_ACT)}, got {activation!r}")
    forward, backward = _ACT[activation]
    L = sum(1 for k in params if k.startswith("W"))
    h = np.asarray(X, dtype=np.float64)
    pre, act, caches = [], [], []
    for l in range(1, L):
        a, c_aff = affine_forward(h, params[f"W{l}"], params[f"b{l}"])
        h, c_act = forward(a)
        pre.append(a)
        act.append(h)
        caches.append((c_aff, c_act))
    logits, c_last = affine_forward(h, params[f"W{L}"], params[f"b{L}"])
    loss, d = softmax_cross_entropy(logits, y)
    grad_act, grad_W = [None] * (L - 1), [None] * L
    d, grad_W[L - 1], _ = affine_backward(d, c_last)
    for l in range(L - 1, 0, -1):
        grad_act[l - 1] = d
        c_aff, c_act = caches[l - 1]
        d = backward(d, c_act)
        d, grad_W[l - 1], _ = affine_backward(d, c_aff)
    return {"loss": float(loss), "pre": pre, "act": act, "grad_act": grad_act, "grad_W": grad_W}


def update_ratios(before, after):
    """``‖W_after − W_before‖ / ‖W_before‖`` (Frobenius norms) for every key starting with ``"W"``.

    A step whose ratio is far below ``1e-3`` hardly changes the weights (learning rate too small); far above,
    it rewrites them (too large).

    Parameters
    ----------
    before, after : dict of str -> ndarray
        Parameters before and after a step (same keys and shapes).

    Returns
    -------
    dict of str -> float
        One ratio per weight matrix (``0.0`` if both are zero, ``inf`` if only ``before`` is).
    """
    out = {}
    for key, w0 in before.items():
        if not key.startswith("W"):
            continue
        step = float(np.linalg.norm(np.asarray(after[key], dtype=np.float64) - w0))
        size = float(np.linalg.norm(np.asarray(w0, dtype=np.float64)))
        out[key] = step / size if size > 0 else (0.0 if step == 0 else float("inf"))
    return out


def dead_fraction(h, eps=0.0):
    """The share of units (columns of ``h``) whose activation is at most ``eps`` for every row.

    For ReLU units on a batch: a unit that outputs 0 for every example passes no gradient to its incoming
    weights for any of them (``relu'(a) = 0``), so gradient descent cannot revive it on that data.

    Parameters
    ----------
    h : ndarray of shape (n, m)
        Activations of one layer on a batch.
    eps : float
        Threshold; ``0`` for ReLU.

    Returns
    -------
    float in [0, 1]
    """
    h = np.asarray(h)
    return float(np.mean(np.all(h <= eps, axis=0)))


def watch_training(model, optimizer, X, y, *, epochs, batch_size, rng, X_probe=None, y_probe=None,
                   snapshots=None):
    """Mini-batch training that records the loss, the update/weight ratios and per-layer signals.

    Every epoch visits the rows of ``X`` in a new order drawn from ``rng`` (``rng.permutation``), in batches of
    ``batch_size`` (the last one smaller), one ``optimizer.step(model.params, grads)`` per batch. The matrix
    products run on one BLAS thread: they are small, and on a busy machine a second thread that waits for a core
    made this loop several times slower.

    Parameters
    ----------
    model : MLP-like (``params``, ``activation``, ``loss_and_grads``)
    optimizer : object with ``step(params, grads)`` (``course_utils.optim``)
    X : ndarray of shape (n, d)
    y : ndarray of int, shape (n,)
    epochs : int
    batch_size : int
    rng : numpy.random.Generator
    X_probe, y_probe : ndarrays, optional
        A fixed batch on which :func:`layer_signals` is taken (default: the first 256 rows of ``X``).
    snapshots : sequence of int, optional
        Epochs (0 = before training) after which the signals are recorded; default ``(0, epochs)``.

    Returns
    -------
    dict
        ``batch_loss``: (steps,) the objective of every batch before its step; ``ratios``: dict key ->
        (steps,) array of :func:`update_ratios`; ``signals``: dict epoch -> :func:`layer_signals` result;
        ``dead``: dict epoch -> list of :func:`dead_fraction` per hidden layer (ReLU; else zeros);
        ``epoch_loss``: (epochs + 1,) the probe batch's loss at every epoch boundary.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X_probe is None:
        X_probe, y_probe = X[:256], y[:256]
    snapshots = set((0, epochs) if snapshots is None else snapshots)
    act = getattr(model, "activation", "relu")
    keys = [k for k in model.params if k.startswith("W")]
    out = {"batch_loss": [], "ratios": {k: [] for k in keys}, "signals": {}, "dead": {}, "epoch_loss": []}

    def snapshot(epoch):
        sig = layer_signals(model.params, X_probe, y_probe, act)
        out["epoch_loss"].append(sig["loss"])
        if epoch in snapshots:
            out["signals"][epoch] = sig
            out["dead"][epoch] = [dead_fraction(h) if act == "relu" else 0.0 for h in sig["act"]]

    with threadpool_limits(limits=1, user_api="blas"):
        _train_loop(model, optimizer, X, y, epochs, batch_size, rng, keys, out, snapshot)
    out["batch_loss"] = np.array(out["batch_loss"])
    out["ratios"] = {k: np.array(v) for k, v in out["ratios"].items()}
    out["epoch_loss"] = np.array(out["epoch_loss"])
    return out


def _train_loop(model, optimizer, X, y, epochs, batch_size, rng, keys, out, snapshot):
    snapshot(0)
    n = len(X)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            loss, grads = model.loss_and_grads(X[idx], y[idx])
            before = {k: model.params[k].copy() for k in keys}
            optimizer.step(model.params, grads)
            for k, r in update_ratios(before, model.params).items():
                out["ratios"][k].append(r)
            out["batch_loss"].append(loss)
        snapshot(epoch)


# ---- plots -----------------------------------------------------------------------------------------------
def _ax(ax, figsize=(5.5, 4.0)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    return plt.subplots(figsize=figsize)[1]


def plot_layer_histograms(values, ax=None, *, title, xlabel, bins=60, value_range=None, labels=None):
    """Overlaid histograms (outlines, density) of one quantity per layer, e.g. the activations of each layer.

    Parameters
    ----------
    values : sequence of ndarrays
        One array (any shape, flattened) per layer, input side first.
    ax : matplotlib Axes, optional
    title, xlabel : str
    bins : int
    value_range : (float, float), optional
        Histogram range; default: the 0.5 and 99.5 percentiles of all values together.
    labels : sequence of str, optional
        Legend entries; default ``"layer 1"``, ``"layer 2"``, ...

    Returns
    -------
    matplotlib Axes
    """
    ax = _ax(ax)
    flat = [np.ravel(v) for v in values]
    if value_range is None:
        everything = np.concatenate(flat)
        lo, hi = np.percentile(everything, [0.5, 99.5])
        value_range = (float(lo), float(hi) if hi > lo else float(lo) + 1.0)
    labels = labels or [f"layer {l}" for l in range(1, len(flat) + 1)]
    for v, label in zip(flat, labels):
        ax.hist(v, bins=bins, range=value_range, density=True, histtype="step", lw=1.4, label=label)
    ax.set(title=title, xlabel=xlabel, ylabel="density")
    ax.legend(fontsize=8)
    return ax


def plot_update_ratios(ratios, ax=None, *, title="Update / weight ratio per step", smooth=10):
    """``‖ΔW‖/‖W‖`` per step for every weight matrix (log scale), with the healthy band around ``1e-3``.

    Parameters
    ----------
    ratios : dict of str -> ndarray of shape (steps,)
        As in :func:`watch_training`'s ``ratios``.
    ax : matplotlib Axes, optional
    title : str
    smooth : int
        Width of a running mean over steps (1: raw).

    Returns
    -------
    matplotlib Axes
    """
    ax = _ax(ax)
    for key, r in ratios.items():
        r = np.asarray(r, dtype=np.float64)
        if smooth > 1 and len(r) >= smooth:
            r = np.convolve(r, np.ones(smooth) / smooth, mode="valid")
        ax.semilogy(np.arange(1, len(r) + 1), np.maximum(r, 1e-30), lw=1.2, label=key)
    ax.axhspan(3e-4, 3e-3, color="0.85", zorder=0, label="about 1e-3")
    ax.set(title=title, xlabel="step", ylabel="‖ΔW‖ / ‖W‖")
    ax.legend(fontsize=8)
    return ax
