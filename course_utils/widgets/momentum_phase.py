"""``momentum_phase()``: where heavy-ball momentum converges, spirals or diverges, over the plane (eta*lam, beta).

The maths is :mod:`course_utils.optim_theory`; this module only draws it.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap

from .. import optim_theory as ot
from ._base import FigureImage, LiveWidget

__all__ = ["momentum_phase", "MomentumPhase", "phase_grid", "spectrum_state"]

#: extent of the diagram: eta*lam from 0 to X_MAX (plain descent diverges at 2, momentum at 2 (1 + beta) < 4)
X_MAX = 4.2
BETA_MAX = 0.99
#: colours of the three regions: real roots, complex roots, divergent
REGION_COLORS = ("#9ecae1", "#fdd0a2", "#d9d9d9")


def phase_grid(nx=300, nb=200):
    """The diagram's background: ``(x, beta, regime, rate)`` on a grid of ``nb`` momenta by ``nx`` values of eta*lam.

    ``x`` has shape ``(nx,)`` in ``(0, X_MAX]``, ``beta`` shape ``(nb,)`` in ``[0, BETA_MAX]``; ``regime`` and
    ``rate`` have shape ``(nb, nx)`` (:func:`~course_utils.optim_theory.momentum_regime` and ``momentum_rate``).
    """
    x = np.linspace(X_MAX / nx, X_MAX, nx)
    beta = np.linspace(0.0, BETA_MAX, nb)
    X, B = np.meshgrid(x, beta)
    return x, beta, ot.momentum_regime(X, B), ot.momentum_rate(X, B)


def spectrum_state(eta_lam_max, beta, kappa, n_steps=200):
    """What the widget shows for a Hessian with eigenvalues in ``[lam_max / kappa, lam_max]``.

    Returns
    -------
    dict
        ``x_max = eta * lam_max``, ``x_min = x_max / kappa``; per end (``"min"``, ``"max"``) the ``rate``,
        ``regime`` and the iterates ``path`` (``n_steps + 1`` values from ``w_0 = 1``); ``worst`` (the larger
        rate: the quadratic's rate), ``steps`` (to shrink the error by 1e6 at that rate), ``gd_best`` and
        ``hb_best``, the best rates of gradient descent and of momentum for this ``kappa``.
    """
    x_max = float(eta_lam_max)
    ends = {"min": x_max / float(kappa), "max": x_max}
    out = {"x_max": x_max, "x_min": ends["min"], "beta": float(beta), "kappa": float(kappa)}
    for name, x in ends.items():
        out[name] = {"rate": ot.momentum_rate(x, beta), "regime": ot.momentum_regime(x, beta),
                     "path": ot.momentum_iterates(x, beta, n_steps)}
    # the rate is largest at an end of the spectrum or, inside the real region of small x, ... also at an end:
    # the modulus is monotone in x on each side of the complex band, constant inside it
    out["worst"] = max(out["min"]["rate"], out["max"]["rate"])
    out["steps"] = ot.steps_to_shrink(out["worst"])
    out["gd_best"] = ot.gd_best_rate(kappa)
    out["hb_best"] = ot.heavy_ball_best_rate(kappa)
    return out


class MomentumPhase(LiveWidget):
    """The (eta*lam, beta) plane coloured by region with the rate's contours; the eigenvalue range of a quadratic as
    a segment at height beta; on the right |w_t| along the flattest and the steepest direction.

    ``state``: ``eta_lam_max``, ``beta``, ``kappa``, ``n_steps`` and everything :func:`spectrum_state` returns.
    """

    def __init__(self, eta_lam_max=1.0, beta=0.5, kappa=10.0, n_steps=200):
        style = {"description_width": "125px"}
        lay = widgets.Layout(width="400px")
        controls = {
            "eta_lam_max": widgets.FloatSlider(value=eta_lam_max, min=0.01, max=X_MAX, step=0.01,
                                               readout_format=".2f", description="η·λ_max", style=style, layout=lay),
            "beta": widgets.FloatSlider(value=beta, min=0.0, max=BETA_MAX, step=0.01, description="momentum β",
                                        style=style, layout=lay),
            "kappa": widgets.FloatLogSlider(value=kappa, base=10, min=0, max=3, step=0.05, readout_format=".3g",
                                            description="κ = λ_max/λ_min", style=style, layout=lay),
            "n_steps": widgets.IntSlider(value=n_steps, min=20, max=500, step=10, description="steps", style=style,
                                         layout=lay),
        }
        fig = FigureImage(figsize=(10.0, 4.3))
        top = [widgets.HBox([widgets.VBox([controls["eta_lam_max"], controls["beta"]]),
                             widgets.VBox([controls["kappa"], controls["n_steps"]])])]
        super().__init__(controls, fig, top=top)
        self.ax_p, self.ax_w = self.figure.subplots(1, 2, width_ratios=[1.15, 1])
        x, beta_grid, regime, rate = phase_grid()
        self.ax_p.imshow(regime, origin="lower", aspect="auto", extent=(0, X_MAX, 0, BETA_MAX),
                         cmap=ListedColormap(REGION_COLORS), vmin=-0.5, vmax=2.5, interpolation="nearest")
        levels = [0.5, 0.7, 0.8, 0.9, 0.95]
        cs = self.ax_p.contour(x, beta_grid, np.where(regime == ot.DIVERGENT, np.nan, rate), levels=levels,
                               colors="k", linewidths=0.5, alpha=0.6)
        self.ax_p.clabel(cs, fontsize=7, fmt="%.2g")
        b = np.linspace(0, BETA_MAX, 200)
        edges = ot.region_boundaries(b)
        self.ax_p.plot(edges["complex_from"], b, "-", color="#e6550d", lw=1)
        self.ax_p.plot(edges["complex_to"], b, "-", color="#e6550d", lw=1)
        self.ax_p.plot(edges["diverge_at"], b, "k-", lw=1.2)
        for name, color in zip(("real roots: no spiral", "complex roots: rate √β", "divergent"), REGION_COLORS):
            self.ax_p.fill_between([], [], color=color, label=name)
        (self.artists["segment"],) = self.ax_p.plot([], [], "-", color="#31a354", lw=3, solid_capstyle="butt",
                                                    label="η·[λ_min, λ_max]")
        (self.artists["ends"],) = self.ax_p.plot([], [], "o", color="#31a354", mec="k", ms=6)
        self.ax_p.set(xlim=(0, X_MAX), ylim=(0, BETA_MAX), xlabel="η·λ (step size × curvature)",
                      ylabel="momentum β", title="Heavy-ball momentum, one eigen-direction (contours: rate)")
        self.ax_p.legend(loc="upper left", fontsize=7, framealpha=0.9)
        for name, color in (("min", "#3182bd"), ("max", "#e6550d")):
            label = "flattest direction λ_min" if name == "min" else "steepest direction λ_max"
            (self.artists[f"path_{name}"],) = self.ax_w.semilogy([], [], color=color, lw=1.2, label=label)
        (self.artists["envelope"],) = self.ax_w.semilogy([], [], "k--", lw=1, label="worst rate^t")
        for art in self.artists.values():
            fig.animate(art)
        self.ax_w.set(xlabel="step t", ylabel="|w_t| (w_0 = 1, log scale)", ylim=(1e-12, 1e3),
                      title="Error along the two extreme directions")
        self.ax_w.grid(axis="y", alpha=0.3)
        self.ax_w.legend(loc="lower left", fontsize=7)
        fig.overlay_xaxis(self.ax_w)
        self.update()
        self._observe_controls()

    def _compute(self):
        c = self.controls
        st = spectrum_state(c["eta_lam_max"].value, c["beta"].value, c["kappa"].value, int(c["n_steps"].value))
        self.state.update(eta_lam_max=float(c["eta_lam_max"].value), n_steps=int(c["n_steps"].value), **st)

    def _draw(self):
        st, a = self.state, self.artists
        a["segment"].set_data([st.x_min, min(st.x_max, X_MAX)], [st.beta, st.beta])
        a["ends"].set_data([st.x_min, st.x_max], [st.beta, st.beta])
        t = np.arange(st.n_steps + 1)
        with np.errstate(under="ignore"):
            for name in ("min", "max"):
                p = np.abs(st[name]["path"])
                a[f"path_{name}"].set_data(t, np.clip(p, 1e-300, 1e300))
            a["envelope"].set_data(t, np.clip(np.power(st.worst, t.astype(float)), 1e-300, 1e300))
        self.fig.update_axes(self.ax_w, xlim=(0, st.n_steps))
        names = {k: ot.REGIME_NAMES[st[k]["regime"]] for k in ("min", "max")}
        steps = "never" if not np.isfinite(st.steps) else f"{st.steps:.0f} steps"
        self.status.value = (
            f"<span style='font-family:sans-serif'>η·λ_min = {st.x_min:.3g} ({names['min']}, rate "
            f"{st['min']['rate']:.4f}), η·λ_max = {st.x_max:.3g} ({names['max']}, rate {st['max']['rate']:.4f}). "
            f"Worst rate {st.worst:.4f}: error ÷ 10⁶ in {steps}. Best possible for κ = {st.kappa:.3g}: gradient "
            f"descent {st.gd_best:.4f}, momentum {st.hb_best:.4f}.</span>")


def momentum_phase(eta_lam_max=1.0, beta=0.5, kappa=10.0, n_steps=200):
    """The phase diagram of heavy-ball momentum (Polyak 1964; Goh 2017) on a quadratic.

    Left: the plane of ``eta * lam`` (step size times curvature) and ``beta``, coloured by the kind of roots of
    ``r^2 - (1 + beta - eta lam) r + beta = 0`` (real, complex, divergent), with contours of the rate ``max |r|``.
    A quadratic with eigenvalues in ``[lam_max / kappa, lam_max]`` is the green segment at height ``beta``; its
    rate is the worse of its two ends. Right: ``|w_t|`` along the flattest and the steepest direction.

    Returns
    -------
    MomentumPhase
        An ``ipywidgets.VBox`` with ``.controls`` (``eta_lam_max``, ``beta``, ``kappa``, ``n_steps``), ``.state`` and
        ``.figure``.
    """
    return MomentumPhase(eta_lam_max=eta_lam_max, beta=beta, kappa=kappa, n_steps=n_steps)
