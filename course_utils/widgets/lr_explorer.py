"""``learning_rate_explorer()``: gradient descent on a 2-D loss surface, live."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm

from ._base import FigureImage, LiveWidget
from .surfaces import SURFACES, get_surface, gradient_descent_path

__all__ = ["learning_rate_explorer", "LearningRateExplorer", "loss_gap", "contour_levels"]

GAP_FLOOR = 1e-16


def loss_gap(surface, path):
    """``C(w_k) − C*`` for every iterate, floored at 1e-16 so that it can be drawn on a log axis.

    Parameters
    ----------
    surface : Surface
    path : ndarray of shape (m, 2)

    Returns
    -------
    ndarray of shape (m,)
    """
    c_star = min(float(surface.value(np.asarray(m))) for m in surface.minima)
    return np.maximum(surface.value(path) - c_star, GAP_FLOOR)


def contour_levels(surface, n=18):
    """Log-spaced contour levels of ``C − C*`` over the plotting box (shape (n,))."""
    _, _, C = surface.grid(80)
    c_star = min(float(surface.value(np.asarray(m))) for m in surface.minima)
    gap = C - c_star
    lo = max(np.percentile(gap, 0.5), 1e-4)
    hi = np.percentile(gap, 99)
    return np.geomspace(lo, hi, n)


def _status(state):
    s = state
    limit = f"2/λ<sub>max</sub> = {s.stability_limit:.3g} (λ<sub>max</sub> = {s.lambda_max:.3g} at the minimum)"
    if s.diverged:
        verdict = f"<b style='color:#b00'>diverged</b>: |w| passed 10⁶ after {len(s.path) - 1} steps"
    elif s.growing:
        verdict = "<b style='color:#b00'>diverging</b>: the loss grows"
    elif s.lr > s.stability_limit:
        verdict = "<b style='color:#b60'>above the stability limit</b>: the iterates overshoot and oscillate"
    else:
        verdict = f"stable; after {len(s.path) - 1} steps C − C* = {s.gap[-1]:.2e}"
    return (f"<span style='font-family:sans-serif'>η = {s.lr:.4g}, {limit}: {verdict}. "
            f"w<sub>K</sub> = ({s.path[-1][0]:.3g}, {s.path[-1][1]:.3g})</span>")


class LearningRateExplorer(LiveWidget):
    """Contours of a loss surface with the gradient-descent path, and the loss gap against the step.

    ``state`` holds ``surface``, ``lr``, ``n_steps``, ``start``, ``path`` (shape (m, 2)), ``losses``,
    ``gap`` (``C(w_k) − C*``), ``diverged`` (the iterates passed 10⁶ and the path stopped), ``growing``
    (the final loss is above the initial one), ``lambda_max`` and ``stability_limit = 2/λ_max``.
    """

    def __init__(self, surface="two_weight", lr=None, n_steps=None, start=None):
        surface = get_surface(surface)
        style = {"description_width": "115px"}
        lay = widgets.Layout(width="440px")
        controls = {
            "surface": widgets.Dropdown(options=[(s.title.split(":")[0], k) for k, s in SURFACES.items()],
                                        value=surface.name, description="surface", style=style),
            "lr": widgets.FloatLogSlider(value=lr if lr is not None else surface.default_lr, base=10, min=-3,
                                         max=0, step=0.01, readout_format=".3g", description="learning rate η",
                                         style=style, layout=lay),
            "n_steps": widgets.IntSlider(value=n_steps or surface.default_steps, min=1, max=400,
                                         description="steps K", style=style, layout=lay),
            "w1": widgets.FloatSlider(description="start w1", style=style, layout=lay, step=0.01),
            "w2": widgets.FloatSlider(description="start w2", style=style, layout=lay, step=0.01),
        }
        fig = FigureImage(figsize=(10.0, 4.2))
        left = widgets.VBox([controls["surface"], controls["lr"], controls["n_steps"]])
        right = widgets.VBox([controls["w1"], controls["w2"]])
        super().__init__(controls, fig, top=[widgets.HBox([left, right])])
        self._busy = False
        self._build_axes()
        self._set_surface(surface, start=start)
        self.update()
        self._observe_controls(["lr", "n_steps", "w1", "w2"])
        controls["surface"].observe(self._on_surface, names="value")

    # figure ------------------------------------------------------------------------------------------
    def _build_axes(self):
        f = self.figure
        self.ax_c, self.ax_l = f.subplots(1, 2, width_ratios=[1.1, 1])
        a = self.artists
        (a["path"],) = self.ax_c.plot([], [], "o-", color="#d62728", ms=3, lw=1.2, label="gradient descent path")
        (a["start"],) = self.ax_c.plot([], [], "s", color="k", ms=6, label="start w₀")
        self.fig.animate(a["path"], a["start"])
        (a["minima"],) = self.ax_c.plot([], [], "*", color="#ffbf00", mec="k", ms=13, label="minimum")
        self.ax_c.set_xlabel("w1")
        self.ax_c.set_ylabel("w2")
        self.ax_c.legend(loc="upper right", fontsize=8, framealpha=0.85)
        (a["loss"],) = self.ax_l.semilogy([], [], ".-", color="#d62728", ms=3, label="C(w_k) − C*")
        self.fig.animate(a["loss"])
        self.ax_l.set_xlabel("step k")
        self.ax_l.set_ylabel("loss above the minimum, C(w_k) − C*")
        self.ax_l.set_title("Loss against step (log scale)")
        self.ax_l.grid(True, which="major", alpha=0.3)
        self.ax_l.legend(loc="upper right", fontsize=8)
        self.fig.overlay_xaxis(self.ax_l)   # the steps slider moves its x limits: redraw that axis alone
        self._contours = []

    def _set_surface(self, surface, start=None):
        self._busy = True
        try:
            self.surface = surface
            self._lambda_max = surface.lambda_max()
            for c in self._contours:
                c.remove()
            W1, W2, C = surface.grid(120)
            c_star = min(float(surface.value(np.asarray(m))) for m in surface.minima)
            levels = contour_levels(surface)
            gap = np.maximum(C - c_star, levels[0] * 0.5)
            norm = LogNorm(levels[0], levels[-1])
            self._contours = [
                self.ax_c.contourf(W1, W2, gap, levels=levels, norm=norm, cmap="viridis", alpha=0.55,
                                   extend="both"),
                self.ax_c.contour(W1, W2, gap, levels=levels, norm=norm, colors="k", linewidths=0.4, alpha=0.5),
            ]
            self.ax_c.set_xlim(surface.xlim)
            self.ax_c.set_ylim(surface.ylim)
            self.ax_c.set_title(surface.title, fontsize=10)
            self.ax_l.set_ylim(1e-10, 10 * float(np.max(levels)))
            self.fig.invalidate()
            mins = np.array(surface.minima)
            self.artists["minima"].set_data(mins[:, 0], mins[:, 1])
            start = surface.start if start is None else start
            for key, lim, v in (("w1", surface.xlim, start[0]), ("w2", surface.ylim, start[1])):
                sl = self.controls[key]
                sl.min, sl.max = -1e9, 1e9  # widen first so that min <= max holds while both change
                sl.min, sl.max = float(lim[0]), float(lim[1])
                sl.value = float(v)
        finally:
            self._busy = False

    def _on_surface(self, change):
        surface = get_surface(change["new"])
        self._busy = True
        self.controls["lr"].value = surface.default_lr
        self.controls["n_steps"].value = surface.default_steps
        self._set_surface(surface)
        self.update()

    def _on_control(self, change):
        if not self._busy:
            self.update()

    # maths -------------------------------------------------------------------------------------------
    def _compute(self):
        c, s = self.controls, self.surface
        start = np.array([c["w1"].value, c["w2"].value])
        path = gradient_descent_path(s, start, c["lr"].value, c["n_steps"].value)
        lam = self._lambda_max
        gap = loss_gap(s, path)
        self.state.update(
            surface=s.name, lr=float(c["lr"].value), n_steps=int(c["n_steps"].value), start=start, path=path,
            losses=s.value(path), gap=gap, diverged=len(path) < c["n_steps"].value + 1,
            growing=bool(gap[-1] > gap[0]), lambda_max=lam, stability_limit=2.0 / lam,
        )

    def _draw(self):
        st, a = self.state, self.artists
        a["path"].set_data(st.path[:, 0], st.path[:, 1])
        a["start"].set_data([st.start[0]], [st.start[1]])
        k = np.arange(len(st.gap))
        a["loss"].set_data(k, st.gap)
        self.fig.update_axes(self.ax_l, xlim=(0, st.n_steps))   # redraws the loss axes only if K changed
        self.status.value = _status(st)


def learning_rate_explorer(surface="two_weight", lr=None, n_steps=None, start=None):
    """Gradient descent on a 2-D loss surface: contours, the path of the iterates, and the loss per step.

    Each step is ``w_{k+1} = w_k − η ∇C(w_k)``. Move the learning-rate slider across ``2/λ_max`` (shown under
    the figure) to see the path switch from converging to oscillating or diverging. On the default
    two-weight surface ``C = (w1 w2 − 1.5)² + 0.04 (w1² + w2²)``, η = 0.25 crawls and η = 0.35 oscillates.

    Parameters
    ----------
    surface : {"two_weight", "quadratic", "banana", "saddle"} or Surface
    lr : float, optional
        Initial learning rate (default: the surface's).
    n_steps : int, optional
        Number of steps (default: the surface's).
    start : tuple of 2 floats, optional
        Start point ``w_0`` (default: the surface's).

    Returns
    -------
    LearningRateExplorer
        An ``ipywidgets.VBox``; ``.controls``, ``.state`` and ``.figure`` give access from code.
    """
    return LearningRateExplorer(surface=surface, lr=lr, n_steps=n_steps, start=start)
