"""``layer_stats()``: per-layer statistics of a deep network while it trains (unit 7's babysitting checks).

A fully connected network (``depth`` hidden layers of ``width`` units, tanh or ReLU) is trained on the
standardized 8x8 digits by mini-batch steps with ``course_utils.optim``; after every step the pure function
:func:`layer_statistics` records, for every layer, the spread of its activations, the fraction of saturated
(tanh) or dead (ReLU) units, the size of its weight gradient and the size of its update relative to its
weights. The widget shows them and reacts to the initialisation, the activation, the depth and the learning
rate, so that vanishing signals, saturation and learning rates far from "updates about 1e-3 of the weights"
can be seen at a glance.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator

from .. import optim
from ..data import load_digits, standardize
from ..init import he_init, xavier_init
from ..layers import affine_backward, affine_forward, relu_backward, relu_forward, tanh_backward, tanh_forward
from ..losses import softmax_cross_entropy
from ._base import FigureImage, LiveWidget

__all__ = ["layer_stats", "LayerStats", "layer_statistics", "INITS"]

#: initialisations by name: (n_in, n_out, rng) -> weights of shape (n_in, n_out)
INITS = {
    "small (std 0.01)": lambda n_in, n_out, rng: rng.normal(0.0, 0.01, size=(n_in, n_out)),
    "xavier": xavier_init,
    "he": he_init,
    "large (std 1)": lambda n_in, n_out, rng: rng.normal(0.0, 1.0, size=(n_in, n_out)),
}
_ACT = {"tanh": (tanh_forward, tanh_backward), "relu": (relu_forward, relu_backward)}
_DATA = {}


def _digits():
    if "X" not in _DATA:
        X, y = load_digits()
        _DATA["X"], _DATA["y"] = standardize(X), y
    return _DATA["X"], _DATA["y"]


def layer_statistics(depth=5, width=64, activation="tanh", init="xavier", lr=1e-3, optimizer="adam", steps=60,
                     batch_size=64, seed=0):
    """Train a deep network on the digits for ``steps`` mini-batch steps and record per-layer statistics.

    The network is ``64 -> width (x depth, activation) -> 10`` with softmax cross-entropy; biases start at
    zero and the weights follow ``init`` (a key of :data:`INITS`). Statistics are taken on each training
    batch before its update (step ``t`` shows the network after ``t`` updates).

    Parameters
    ----------
    depth : int
        Number of hidden layers (at least 1).
    width : int
        Units per hidden layer.
    activation : {"tanh", "relu"}
    init : str
        A key of :data:`INITS`: ``"small (std 0.01)"``, ``"xavier"``, ``"he"`` or ``"large (std 1)"``.
    lr : float
        Learning rate.
    optimizer : {"adam", "sgd"}
    steps : int
        Number of updates.
    batch_size : int
    seed : int
        Seeds the weights and the order of the examples.

    Returns
    -------
    dict
        ``act_std``, ``saturated``: arrays (steps + 1, depth), per hidden layer the standard deviation of its
        activations and the fraction of units with ``|h| > 0.97`` (tanh) or ``h = 0`` (ReLU);
        ``grad_std``: (steps + 1, depth + 1), per weight matrix the standard deviation of its gradient;
        ``ratio``: (steps, depth + 1), per weight matrix ``||W_new - W_old|| / ||W_old||`` of each update;
        ``loss``: (steps + 1,), the batch loss; ``ln_k``: ``ln 10``, the loss of uniform guessing.
    """
    if activation not in _ACT:
        raise ValueError(f"activation must be 'tanh' or 'relu', got {activation!r}")
    if init not in INITS:
        raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    X, y = _digits()
    rng = np.random.default_rng(seed)
    sizes = [X.shape[1]] + [int(width)] * int(depth) + [10]
    params = {}
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = np.asarray(INITS[init](n_in, n_out, rng), dtype=np.float64)
        params[f"b{l}"] = np.zeros(n_out)
    opt = optim.Adam(lr) if optimizer == "adam" else optim.SGD(lr)
    act_forward, act_backward = _ACT[activation]
    L = len(sizes) - 1
    out = {"act_std": np.zeros((steps + 1, depth)), "saturated": np.zeros((steps + 1, depth)),
           "grad_std": np.zeros((steps + 1, L)), "ratio": np.zeros((steps, L)), "loss": np.zeros(steps + 1),
           "ln_k": float(np.log(10))}
    order = np.concatenate([rng.permutation(len(X)) for _ in range(steps * batch_size // len(X) + 2)])
    for t in range(steps + 1):
        idx = order[t * batch_size:(t + 1) * batch_size]
        h, caches = X[idx], []
        for l in range(1, L):
            a, c_aff = affine_forward(h, params[f"W{l}"], params[f"b{l}"])
            h, c_act = act_forward(a)
            caches.append((c_aff, c_act))
            out["act_std"][t, l - 1] = h.std()
            out["saturated"][t, l - 1] = np.mean(np.abs(h) > 0.97) if activation == "tanh" else np.mean(h == 0)
        scores, c_last = affine_forward(h, params[f"W{L}"], params[f"b{L}"])
        out["loss"][t], d = softmax_cross_entropy(scores, y[idx])
        grads = {}
        d, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(d, c_last)
        for l in range(L - 1, 0, -1):
            c_aff, c_act = caches[l - 1]
            d = act_backward(d, c_act)
            d, grads[f"W{l}"], grads[f"b{l}"] = affine_backward(d, c_aff)
        out["grad_std"][t] = [grads[f"W{l}"].std() for l in range(1, L + 1)]
        if t == steps:
            break
        before = {k: params[k].copy() for k in params if k[0] == "W"}
        opt.step(params, grads)
        out["ratio"][t] = [np.linalg.norm(params[f"W{l}"] - before[f"W{l}"]) /
                           max(np.linalg.norm(before[f"W{l}"]), 1e-300) for l in range(1, L + 1)]
    return out


#: Largest depth the widget's slider offers (one ratio line per weight matrix: ``MAX_DEPTH + 1`` lines).
MAX_DEPTH = 10


def _decades(*arrays, floor=1e-30):
    """Log-axis limits: the whole decades that hold every positive value of the arrays."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    values = values[np.isfinite(values) & (values > floor)]
    if values.size == 0:
        return (0.1, 10.0)
    lo, hi = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
    return (10.0 ** lo, 10.0 ** max(hi, lo + 1))


def _margins(lo, hi, frac=0.05):
    """Linear-axis limits around ``[lo, hi]`` with matplotlib's default 5% margins (1 unit if ``lo == hi``)."""
    pad = frac * (hi - lo) if hi > lo else 0.5
    return (lo - pad, hi + pad)


class LayerStats(LiveWidget):
    """Activation spread, saturation, gradient size and update/weight ratio per layer, during training.

    ``state``: ``depth``, ``activation``, ``init``, ``lr`` and the arrays of :func:`layer_statistics`
    (``act_std``, ``saturated``, ``grad_std``, ``ratio``, ``loss``), plus ``median_ratio`` (per weight matrix,
    over the steps) and ``verdict`` (the status line). Each setting trains once and is kept in ``cache``.

    Drawing (``widgets/_base.py``): the curves are animated artists moved with ``set_data``; the log axes'
    limits snap to whole decades, so an axes is redrawn only when its data leave their decades (a new depth
    also rebuilds the ratio legend).
    """

    def __init__(self, depth=5, activation="tanh", init="xavier", lr=1e-3, steps=60, width=64):
        st = {"description_width": "95px"}
        controls = {
            "init": widgets.Dropdown(options=list(INITS), value=init, description="initialisation", style=st),
            "activation": widgets.ToggleButtons(options=["tanh", "relu"], value=activation, description="activation",
                                                style=st),
            "depth": widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="hidden layers", style=st,
                                       continuous_update=False),
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=-5, max=0, step=0.25, readout_format=".1e",
                                         description="learning rate", style=st, continuous_update=False),
        }
        fig = FigureImage(figsize=(11.0, 3.6))
        super().__init__(controls, fig, top=[widgets.HBox([controls["init"], controls["activation"]]),
                                             widgets.HBox([controls["depth"], controls["lr"]])])
        self.steps, self.width = int(steps), int(width)
        self.cache = {}
        self._legend_depth = None
        self.axes = fig.figure.subplots(1, 3)
        ax_act, ax_grad, ax_ratio = self.axes
        a = self.artists
        (a["act_before"],) = ax_act.plot([], [], "o-", label="before training")
        (a["act_after"],) = ax_act.plot([], [], "s--", label=f"after {self.steps} steps")
        ax_act.set(title="Activations: standard deviation", xlabel="hidden layer", ylabel="std of h", yscale="log")
        ax_act.legend(fontsize=8)
        (a["grad_before"],) = ax_grad.plot([], [], "o-", label="before training")
        (a["grad_after"],) = ax_grad.plot([], [], "s--", label=f"after {self.steps} steps")
        ax_grad.set(title="Weight gradients: standard deviation", xlabel="weight matrix (input to output)",
                    ylabel="std of dL/dW", yscale="log")
        ax_grad.legend(fontsize=8)
        for l in range(MAX_DEPTH + 1):
            (a[f"ratio_W{l + 1}"],) = ax_ratio.plot([], [], lw=1, label=f"W{l + 1}")
        a["band"] = ax_ratio.axhspan(3e-4, 3e-3, color="0.85", zorder=0, label="about 1e-3")
        ax_ratio.set(title="Update / weight ratio per step", xlabel="step", ylabel="||dW|| / ||W||", yscale="log",
                     xlim=_margins(1, self.steps))
        for ax in self.axes:            # decade ticks only: the log axes span up to 30 decades, and every
            ax.yaxis.set_minor_locator(NullLocator())   # unlabelled minor tick costs drawing time
        fig.animate(a["act_before"], a["act_after"], a["grad_before"], a["grad_after"],
                    *(a[f"ratio_W{l + 1}"] for l in range(MAX_DEPTH + 1)))
        self._observe_controls()
        self.update()

    def _compute(self):
        c = {k: w.value for k, w in self.controls.items()}
        key = (c["depth"], c["activation"], c["init"], float(c["lr"]))
        if key not in self.cache:       # deterministic (fixed seed): a setting trains once
            self.cache[key] = layer_statistics(depth=c["depth"], width=self.width, activation=c["activation"],
                                               init=c["init"], lr=c["lr"], steps=self.steps)
        stats = self.cache[key]
        self.state.clear()
        self.state.update(c)
        self.state.update(stats)
        med = np.median(stats["ratio"], axis=0)
        self.state.median_ratio = med
        low, high = float(med.min()), float(med.max())
        if high < 1e-4:
            verdict = "updates tiny compared with the weights (< 1e-4): the learning rate is too small"
        elif low > 1e-2:
            verdict = "updates large compared with the weights (> 1e-2): the learning rate is too large"
        else:
            verdict = "update/weight ratios within reach of 1e-3"
        if stats["act_std"][0, -1] < 0.05 * max(stats["act_std"][0, 0], 1e-12):
            verdict += "; the activations shrink layer after layer (vanishing signal)"
        limit = 0.5 if c["activation"] == "tanh" else 0.9
        if stats["saturated"][0].max() > limit:
            verdict += ("; more than half the units of a layer are saturated" if c["activation"] == "tanh"
                        else "; more than 90% of the units of a layer are dead")
        self.state.verdict = verdict

    def _draw(self):
        s, a, fig = self.state, self.artists, self.fig
        ax_act, ax_grad, ax_ratio = self.axes
        layers = np.arange(1, s.depth + 1)
        a["act_before"].set_data(layers, s.act_std[0])
        a["act_after"].set_data(layers, s.act_std[-1])
        fig.update_axes(ax_act, xlim=_margins(1, s.depth), ylim=_decades(s.act_std[0], s.act_std[-1]))
        mats = np.arange(1, s.depth + 2)
        grad_before, grad_after = np.maximum(s.grad_std[0], 1e-30), np.maximum(s.grad_std[-1], 1e-30)
        a["grad_before"].set_data(mats, grad_before)
        a["grad_after"].set_data(mats, grad_after)
        fig.update_axes(ax_grad, xlim=_margins(1, s.depth + 1), ylim=_decades(grad_before, grad_after))
        steps = np.arange(1, self.steps + 1)
        n = s.ratio.shape[1]
        for l in range(MAX_DEPTH + 1):
            line = a[f"ratio_W{l + 1}"]
            line.set_visible(l < n)
            if l < n:
                line.set_data(steps, np.maximum(s.ratio[:, l], 1e-30))
        fig.update_axes(ax_ratio, ylim=_decades(np.maximum(s.ratio, 1e-30), [3e-4, 3e-3]))
        if self._legend_depth != s.depth:   # the legend names the visible weight matrices
            handles = [a[f"ratio_W{l + 1}"] for l in range(n)] + [a["band"]]
            ax_ratio.legend(handles=handles, fontsize=7, ncol=2)
            self._legend_depth = s.depth
            fig.invalidate(ax_ratio)
        self.status.value = (f"<code>loss {s.loss[0]:.3f} at step 0 (ln 10 = {s.ln_k:.3f}), {s.loss[-1]:.3f} after "
                             f"{self.steps} steps; {s.verdict}</code>")


def layer_stats(depth=5, activation="tanh", init="xavier", lr=1e-3, steps=60, width=64):
    """The live per-layer statistics widget (see :class:`LayerStats`); returns it, so it shows as a cell's value.

    Parameters
    ----------
    depth : int, default 5
        Number of hidden layers.
    activation : {"tanh", "relu"}, default "tanh"
    init : str, default "xavier"
        A key of :data:`INITS`.
    lr : float, default 1e-3
        Adam's learning rate.
    steps : int, default 60
        Mini-batch steps per setting.
    width : int, default 64
        Units per hidden layer.
    """
    return LayerStats(depth=depth, activation=activation, init=init, lr=lr, steps=steps, width=width)
