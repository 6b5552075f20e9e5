"""``activation_explorer()``: sigmoid, tanh and ReLU with their derivatives, a gain and a bias."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import activations as act
from ._base import FigureImage, LiveWidget

__all__ = ["activation_explorer", "ActivationExplorer", "activation_curves", "vanishing_region"]

SLOPE_FLOOR = 1e-5
ACTIVATIONS = {
    "sigmoid": (act.sigmoid, act.sigmoid_grad),
    "tanh": (act.tanh, act.tanh_grad),
    "relu": (act.relu, act.relu_grad),
}


def activation_curves(name, z, gain=1.0, bias=0.0):
    """The unit ``h = φ(g z + b)`` and its slope with respect to the input ``dh/dz = g φ'(g z + b)``.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu"}
    z : ndarray of shape (m,)
        Inputs (the unit's net input before gain and bias).
    gain, bias : float
        ``g`` and ``b``; a large gain turns the sigmoid into a hard threshold at ``z = −b/g``.

    Returns
    -------
    h, dh : ndarrays of shape (m,)
    """
    f, fprime = ACTIVATIONS[name]
    a = gain * z + bias
    return f(a), gain * fprime(a)


def vanishing_region(dh, threshold=0.01):
    """Boolean mask (shape of ``dh``) of inputs where the slope is below ``threshold`` times its maximum.

    Backpropagation multiplies the error signal by this slope, so learning stalls there.
    """
    peak = float(np.max(np.abs(dh)))
    if peak == 0.0:
        return np.ones_like(dh, dtype=bool)
    return np.abs(dh) < threshold * peak


class ActivationExplorer(LiveWidget):
    """Activations (top) and derivatives (bottom) of ``φ(g z + b)``; the chosen one's flat region shaded.

    ``state``: ``activation``, ``gain``, ``bias``, ``z`` (shape (m,)), ``h`` and ``dh`` (dicts by name),
    ``vanishing`` (mask for the chosen activation), ``threshold`` (``−b/g``), ``max_slope``.
    """

    def __init__(self, activation="sigmoid", gain=1.0, bias=0.0):
        style = {"description_width": "80px"}
        lay = widgets.Layout(width="380px")
        controls = {
            "activation": widgets.ToggleButtons(options=list(ACTIVATIONS), value=activation,
                                                description="highlight", style=style),
            "gain": widgets.FloatLogSlider(value=gain, base=10, min=-1, max=2, step=0.02, description="gain g",
                                           readout_format=".3g", style=style, layout=lay),
            "bias": widgets.FloatSlider(value=bias, min=-5, max=5, step=0.1, description="bias b",
                                        style=style, layout=lay),
        }
        fig = FigureImage(figsize=(7.5, 6.2))
        top = [controls["activation"], widgets.HBox([controls["gain"], controls["bias"]])]
        super().__init__(controls, fig, top=top)
        self.z = np.linspace(-6, 6, 601)
        f = self.figure
        self.ax_h, self.ax_d = f.subplots(2, 1, sharex=True)
        colors = {"sigmoid": "#1f77b4", "tanh": "#2ca02c", "relu": "#d62728"}
        for name in ACTIVATIONS:
            (self.artists[f"h_{name}"],) = self.ax_h.plot([], [], color=colors[name], label=name)
            (self.artists[f"d_{name}"],) = self.ax_d.plot([], [], color=colors[name], label=f"{name}'")
            fig.animate(self.artists[f"h_{name}"], self.artists[f"d_{name}"])
        (self.artists["step"],) = self.ax_h.plot([-6, 0, 0, 6], [0, 0, 1, 1], "k:", lw=1,
                                                 label="hard threshold")
        fig.animate(self.artists["step"])
        self.artists["shade"] = fig.animate(self.ax_d.fill_between(self.z, SLOPE_FLOOR, 1, color="0.6", alpha=0.3,
                                                                   label="slope < 1% of peak"))
        self.ax_h.set(xlim=(-6, 6), ylim=(-1.2, 2.5), xlabel="net input z", ylabel="output h = φ(g·z + b)",
                      title="Activations")
        self.ax_d.set_yscale("log")
        self.ax_d.set(xlim=(-6, 6), ylim=(SLOPE_FLOOR, 200), xlabel="net input z",
                      ylabel="slope dh/dz = g·φ'(g·z + b) (log scale)",
                      title="Derivatives (what backprop multiplies by)")
        for ax in (self.ax_h, self.ax_d):
            ax.grid(alpha=0.3)
            ax.legend(loc="upper left", fontsize=8)
        self.update()
        self._observe_controls()

    def _compute(self):
        c = self.controls
        g, b = float(c["gain"].value), float(c["bias"].value)
        h, dh = {}, {}
        for name in ACTIVATIONS:
            h[name], dh[name] = activation_curves(name, self.z, g, b)
        chosen = c["activation"].value
        self.state.update(activation=chosen, gain=g, bias=b, z=self.z, h=h, dh=dh,
                          vanishing=vanishing_region(dh[chosen]), threshold=-b / g,
                          max_slope=float(np.max(dh[chosen])))

    def _draw(self):
        st, a = self.state, self.artists
        for name in ACTIVATIONS:
            a[f"h_{name}"].set_data(self.z, st.h[name])
            a[f"d_{name}"].set_data(self.z, np.maximum(st.dh[name], SLOPE_FLOOR))  # log axis: floor the zeros
            a[f"h_{name}"].set_linewidth(2.5 if name == st.activation else 1.0)
            a[f"d_{name}"].set_linewidth(2.5 if name == st.activation else 1.0)
        t = st.threshold
        a["step"].set_data([-6, t, t, 6], [0, 0, 1, 1])
        verts = np.column_stack([self.z, np.where(st.vanishing, 200.0, SLOPE_FLOOR)])
        base = np.column_stack([self.z[::-1], np.full_like(self.z, SLOPE_FLOOR)])
        a["shade"].set_verts([np.vstack([verts, base])])
        flat = 100 * st.vanishing.mean()
        self.status.value = (f"<span style='font-family:sans-serif'>{st.activation}(g·z + b) with g = {st.gain:.3g}, "
                             f"b = {st.bias:.2g}: steepest slope {st.max_slope:.3g}; threshold at z = −b/g = "
                             f"{st.threshold:.3g}; the slope is below 1% of its peak on {flat:.0f}% of "
                             f"z ∈ [−6, 6] (shaded): there the gradient vanishes.</span>")


def activation_explorer(activation="sigmoid", gain=1.0, bias=0.0):
    """Sigmoid, tanh and ReLU and their derivatives, with a gain ``g`` and bias ``b``: ``h = φ(g z + b)``.

    Raising the gain squeezes the sigmoid towards a hard threshold at ``z = −b/g`` (Rosenblatt's unit),
    while its slope ``g σ'(g z + b)`` (peak ``g/4``) becomes a narrow spike: almost everywhere the
    gradient vanishes. The shaded band marks where the chosen unit's slope is below 1% of its peak.

    Returns
    -------
    ActivationExplorer
        An ``ipywidgets.VBox`` with ``.controls`` (``activation``, ``gain``, ``bias``), ``.state``, ``.figure``.
    """
    return ActivationExplorer(activation=activation, gain=gain, bias=bias)
