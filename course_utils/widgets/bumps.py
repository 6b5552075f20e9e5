"""``bumps()``: a continuous function approximated by N bumps, each made of two steep sigmoid units.

The constructive side of the universal approximation theorem (unit 3): the network of
:func:`course_utils.approximation.bump_network` (one hidden layer of ``2N`` sigmoids) against the target, the
bumps it adds up, and its sup-norm error against ``N`` on a log-log plot.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..approximation import TARGETS, bump_network, network_output, sup_error
from ._base import FigureImage, LiveWidget

__all__ = ["bumps", "Bumps", "error_curve", "NS", "MAX_BUMPS"]

#: Largest number of bumps the slider offers.
MAX_BUMPS = 100
#: The N at which the sup-error curve is computed (about geometric, 1 to 128).
NS = np.array([1, 2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 90, 128])
_GRID = np.linspace(0.0, 1.0, 801)


def error_curve(target, sharpness, ns=NS, x=_GRID):
    """Sup-norm error of the ``N``-bump network on the grid ``x`` for every ``N`` in ``ns``.

    Parameters
    ----------
    target : str
        A key of :data:`course_utils.approximation.TARGETS`.
    sharpness : float
        ``s Δ``, the steepness times the bump width (see ``bump_network``).
    ns : ndarray of int, shape (k,)
    x : ndarray of shape (m,)

    Returns
    -------
    ndarray of shape (k,)
    """
    f = TARGETS[target]
    return np.array([sup_error(f, lambda v: network_output(bump_network(f, n, sharpness=sharpness), v), x)
                     for n in ns])


def _bump_paths(layers, x):
    """Every bump's contribution ``f(c_i) bump_i(x)`` as one polyline, the bumps separated by NaNs."""
    (W1, b1), (W2, _) = layers
    h = 1.0 / (1.0 + np.exp(-np.clip(np.outer(x, W1[0]) + b1, -500, 500)))     # (m, 2N) sigmoid units
    parts = h[:, 0::2] * W2[0::2, 0] + h[:, 1::2] * W2[1::2, 0]              # (m, N): one column per bump
    ys = np.vstack([parts, np.full((1, parts.shape[1]), np.nan)]).T.ravel()
    xs = np.tile(np.append(x, np.nan), parts.shape[1])
    return xs, ys


class Bumps(LiveWidget):
    """Target, ``N``-bump network and its bumps (left); sup-norm error against ``N`` (right).

    ``state``: ``target``, ``n_bumps``, ``sharpness``, ``x`` (shape (m,)), ``f`` and ``approx`` (shape (m,)),
    ``error`` (the current sup-norm error), ``hidden_units`` (``2N``), ``ns`` and ``errors`` (the curve),
    ``layers`` (the network's ``[(W1, b1), (W2, b2)]``).
    """

    #: further states a static page (``course site``) shows below the initial one
    static_presets = (
        ("the wave with 40 bumps", {"target": "wave", "n_bumps": 40, "sharpness": 50.0}),
        ("the square root with 40 bumps: slower", {"target": "square root", "n_bumps": 40, "sharpness": 50.0}),
        ("gentle sigmoids (sΔ = 3) blur the bumps", {"target": "wave", "n_bumps": 8, "sharpness": 3.0}),
    )

    def __init__(self, target="wave", n_bumps=8, sharpness=50.0):
        st = {"description_width": "90px"}
        controls = {
            "target": widgets.Dropdown(options=list(TARGETS), value=target, description="function", style=st),
            "n_bumps": widgets.IntSlider(value=n_bumps, min=1, max=MAX_BUMPS, description="bumps N", style=st),
            "sharpness": widgets.FloatLogSlider(value=sharpness, base=10, min=0, max=2.5, step=0.05,
                                                readout_format=".3g", description="sharpness sΔ", style=st),
        }
        fig = FigureImage(figsize=(10.5, 3.9))
        super().__init__(controls, fig, top=[widgets.HBox([controls["target"], controls["n_bumps"],
                                                           controls["sharpness"]])])
        self.x = np.linspace(0.0, 1.0, 601)
        self._curve_key = None
        self.ax_f, self.ax_e = fig.figure.subplots(1, 2, width_ratios=[1.4, 1])
        a = self.artists
        (a["bumps"],) = self.ax_f.plot([], [], color="0.6", lw=0.8, label="bumps f(cᵢ)·bumpᵢ(x)")
        (a["target"],) = self.ax_f.plot([], [], "k-", lw=2.2, label="target f(x)")
        (a["approx"],) = self.ax_f.plot([], [], color="C3", lw=1.6, label="network: sum of the bumps")
        self.ax_f.set(xlim=(0, 1), xlabel="input x", ylabel="output", title="Target and network")
        self.ax_f.legend(loc="upper right", fontsize=8)
        (a["curve"],) = self.ax_e.loglog([], [], "o-", color="C0", ms=3, label="sup error")
        (a["reference"],) = self.ax_e.loglog([], [], "k:", label="∝ 1/N")
        (a["current"],) = self.ax_e.loglog([], [], "o", color="C3", ms=8, label="current N")
        self.ax_e.set(xlim=(0.8, 160), xlabel="number of bumps N (2N sigmoid units)",
                      ylabel="max |f(x) − network(x)|", title="Sup-norm error against N")
        self.ax_e.legend(loc="lower left", fontsize=8)
        self.ax_e.grid(alpha=0.3, which="major")
        fig.animate(a["bumps"], a["target"], a["approx"], a["curve"], a["reference"], a["current"])
        self._observe_controls()
        self.update()

    def _compute(self):
        c = {k: w.value for k, w in self.controls.items()}
        f = TARGETS[c["target"]]
        layers = bump_network(f, c["n_bumps"], sharpness=c["sharpness"])
        approx = network_output(layers, self.x)
        key = (c["target"], float(c["sharpness"]))
        if key != self._curve_key:       # the curve depends on the function and the sharpness only
            self._curve = error_curve(c["target"], c["sharpness"])
            self._curve_key = key
        fx = f(self.x)
        self.state.clear()
        self.state.update(target=c["target"], n_bumps=int(c["n_bumps"]), sharpness=float(c["sharpness"]),
                          x=self.x, f=fx, approx=approx, layers=layers, hidden_units=2 * int(c["n_bumps"]),
                          error=sup_error(f, lambda v: network_output(layers, v), _GRID), ns=NS,
                          errors=self._curve)

    def _draw(self):
        s, a, fig = self.state, self.artists, self.fig
        a["target"].set_data(s.x, s.f)
        a["approx"].set_data(s.x, s.approx)
        a["bumps"].set_data(*_bump_paths(s.layers, s.x))
        lo = min(float(np.min(s.f)), float(np.min(s.approx)), 0.0)
        hi = max(float(np.max(s.f)), float(np.max(s.approx)), 0.0)
        pad = 0.1 * (hi - lo) + 0.05
        # limits snapped to tenths, so that a new N rarely changes them (no redraw of the axes)
        fig.update_axes(self.ax_f, ylim=(np.floor(10 * (lo - pad)) / 10, np.ceil(10 * (hi + pad) + 3) / 10))
        errors = np.maximum(s.errors, 1e-12)
        a["curve"].set_data(s.ns, errors)
        ref = errors[-1] * s.ns[-1] / s.ns          # through the last point: the slope it should reach
        a["reference"].set_data(s.ns, ref)
        a["current"].set_data([s.n_bumps], [max(s.error, 1e-12)])
        vals = np.concatenate([errors, ref, [max(s.error, 1e-12)]])
        fig.update_axes(self.ax_e, ylim=(10.0 ** np.floor(np.log10(vals.min())), 10.0 ** np.ceil(np.log10(vals.max()))))
        self.status.value = (f"<code>{s.n_bumps} bumps = a hidden layer of {s.hidden_units} sigmoid units; "
                             f"steepness s = {s.sharpness:.3g}·N; sup error on [0, 1]: {s.error:.3g}</code>")


def bumps(target="wave", n_bumps=8, sharpness=50.0):
    """A function on [0, 1] approximated by ``n_bumps`` bumps (pairs of steep sigmoids), and the sup error.

    Parameters
    ----------
    target : str, default "wave"
        A key of :data:`course_utils.approximation.TARGETS`: ``"wave"``, ``"tent"``, ``"square root"``,
        ``"steep step"``.
    n_bumps : int, default 8
        ``N``, from 1 to :data:`MAX_BUMPS`.
    sharpness : float, default 50
        ``s Δ``: the sigmoids' steepness times the bump width (small values blur the bumps together).

    Returns
    -------
    Bumps
        An ``ipywidgets.VBox`` with ``.controls`` (``target``, ``n_bumps``, ``sharpness``), ``.state``, ``.figure``.
    """
    return Bumps(target=target, n_bumps=n_bumps, sharpness=sharpness)
