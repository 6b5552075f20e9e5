"""``optimizer_race()``: six optimizers from one start on one surface, with ``course_utils.optim``."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm

from .. import optim
from ._base import FigureImage, LiveWidget
from .lr_explorer import GAP_FLOOR, contour_levels, loss_gap
from .surfaces import SURFACES, Trajectory, get_surface, optimizer_path

__all__ = ["optimizer_race", "OptimizerRace", "make_optimizer", "race_paths", "OPTIMIZERS"]

OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")
#: Optimizer paths the race keeps (per surface, optimizer, η and β), so that revisiting a setting is free.
TRAJECTORY_CACHE = 240
COLORS = dict(zip(OPTIMIZERS, ("#d62728", "#1f77b4", "#17becf", "#9467bd", "#ff7f0e", "#2ca02c")))


def make_optimizer(name, lr, beta=0.9):
    """A fresh ``course_utils.optim`` optimizer by name; ``beta`` is the momentum of Momentum/Nesterov.

    Adaptive methods keep their library defaults (RMSProp ``alpha = 0.99``, Adam ``β1 = 0.9, β2 = 0.999``).
    """
    if name == "SGD":
        return optim.SGD(lr)
    if name == "Momentum":
        return optim.Momentum(lr, beta=beta)
    if name == "Nesterov":
        return optim.Momentum(lr, beta=beta, nesterov=True)
    if name == "AdaGrad":
        return optim.AdaGrad(lr)
    if name == "RMSProp":
        return optim.RMSProp(lr)
    if name == "Adam":
        return optim.Adam(lr)
    raise ValueError(f"unknown optimizer {name!r}; choose one of {OPTIMIZERS}")


def race_paths(surface, start, lr, beta, n_steps, names=OPTIMIZERS):
    """Paths of several optimizers from the same start: dict name -> ndarray of shape (m, 2)."""
    return {n: optimizer_path(surface, make_optimizer(n, lr, beta), start, n_steps) for n in names}


class OptimizerRace(LiveWidget):
    """Contours with one path per optimizer, and each one's loss gap ``C(w_k) − C*`` per step.

    ``state``: ``surface``, ``lr``, ``beta``, ``n_steps``, ``start``, ``enabled`` (list of names),
    ``paths`` and ``gaps`` (dicts name -> array, enabled optimizers only), ``final_gap`` (dict).
    """

    def __init__(self, surface="two_weight", lr=0.05, beta=0.9, n_steps=100, enabled=OPTIMIZERS):
        surface = get_surface(surface)
        style = {"description_width": "115px"}
        lay = widgets.Layout(width="400px")
        controls = {
            "surface": widgets.Dropdown(options=[(s.title.split(":")[0], k) for k, s in SURFACES.items()],
                                        value=surface.name, description="surface", style=style),
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=-3, max=0, step=0.01, readout_format=".3g",
                                         description="learning rate η", style=style, layout=lay),
            "beta": widgets.FloatSlider(value=beta, min=0.0, max=0.99, step=0.01, description="momentum β",
                                        style=style, layout=lay),
            "n_steps": widgets.IntSlider(value=n_steps, min=10, max=400, step=10, description="steps",
                                         style=style, layout=lay),
        }
        for name in OPTIMIZERS:
            controls[name] = widgets.Checkbox(value=name in enabled, description=name, indent=False,
                                              layout=widgets.Layout(width="110px"))
        fig = FigureImage(figsize=(10.0, 4.2))
        top = [widgets.HBox([widgets.VBox([controls["surface"], controls["lr"]]),
                             widgets.VBox([controls["beta"], controls["n_steps"]])]),
               widgets.HBox([controls[n] for n in OPTIMIZERS])]
        super().__init__(controls, fig, top=top)
        self.ax_c, self.ax_l = self.figure.subplots(1, 2, width_ratios=[1.1, 1])
        for name in OPTIMIZERS:
            (self.artists[f"path_{name}"],) = self.ax_c.plot([], [], ".-", color=COLORS[name], ms=2, lw=1.2,
                                                             label=name)
            (self.artists[f"loss_{name}"],) = self.ax_l.semilogy([], [], color=COLORS[name], label=name)
            fig.animate(self.artists[f"path_{name}"], self.artists[f"loss_{name}"])
        (self.artists["start"],) = self.ax_c.plot([], [], "s", color="k", ms=6, label="start")
        (self.artists["minima"],) = self.ax_c.plot([], [], "*", color="#ffbf00", mec="k", ms=13, label="minimum")
        self.ax_c.set(xlabel="w1", ylabel="w2")
        self.ax_c.legend(loc="upper right", fontsize=7, ncol=2, framealpha=0.85)
        self.ax_l.set(xlabel="step k", ylabel="C(w_k) − C*", title="Loss above the minimum (log scale)")
        self.ax_l.grid(axis="y", alpha=0.3)    # no vertical lines: the steps slider then redraws the x axis only
        self.ax_l.legend(loc="lower left", fontsize=7, ncol=2)
        fig.overlay_xaxis(self.ax_l)        # the steps slider moves its x limits: redraw that axis alone
        self._contours = []
        self._trajectories = {}
        self._set_surface(surface)
        self.update()
        self._observe_controls([k for k in controls if k != "surface"])
        controls["surface"].observe(self._on_surface, names="value")

    def _set_surface(self, surface):
        self.surface = surface
        for c in self._contours:
            c.remove()
        W1, W2, C = surface.grid(120)
        c_star = min(float(surface.value(np.asarray(m))) for m in surface.minima)
        levels = contour_levels(surface)
        gap = np.maximum(C - c_star, levels[0] * 0.5)
        norm = LogNorm(levels[0], levels[-1])
        self._contours = [
            self.ax_c.contourf(W1, W2, gap, levels=levels, norm=norm, cmap="Greys_r", alpha=0.45, extend="both"),
            self.ax_c.contour(W1, W2, gap, levels=levels, norm=norm, colors="k", linewidths=0.3, alpha=0.5),
        ]
        self.ax_c.set(xlim=surface.xlim, ylim=surface.ylim)
        self.ax_c.set_title(surface.title, fontsize=10)
        mins = np.array(surface.minima)
        self.artists["minima"].set_data(mins[:, 0], mins[:, 1])
        self.artists["start"].set_data([surface.start[0]], [surface.start[1]])
        self.ax_l.set_ylim(1e-10, 10 * float(np.max(levels)))
        self.fig.invalidate()

    def _on_surface(self, change):
        self._set_surface(get_surface(change["new"]))
        self.update()

    def _trajectory(self, name, lr, beta):
        """The cached :class:`Trajectory` of one optimizer (β matters to the momentum methods only)."""
        key = (self.surface.name, name, lr, beta if name in ("Momentum", "Nesterov") else None)
        traj = self._trajectories.pop(key, None)
        if traj is None:
            traj = Trajectory(self.surface, make_optimizer(name, lr, beta), self.surface.start)
        self._trajectories[key] = traj                      # most recently used last
        while len(self._trajectories) > TRAJECTORY_CACHE:
            del self._trajectories[next(iter(self._trajectories))]
        return traj

    def _compute(self):
        c, s = self.controls, self.surface
        enabled = [n for n in OPTIMIZERS if c[n].value]
        start = np.array(s.start, dtype=np.float64)
        lr, beta, n_steps = float(c["lr"].value), float(c["beta"].value), int(c["n_steps"].value)
        # the same paths as race_paths(s, start, lr, beta, n_steps, enabled), but a path already computed (for
        # these η and β, up to at least n_steps) is sliced, and a shorter one extended, not recomputed
        paths = {n: self._trajectory(n, lr, beta).take(n_steps) for n in enabled}
        gaps = {n: loss_gap(s, p) for n, p in paths.items()}
        self.state.update(surface=s.name, lr=float(c["lr"].value), beta=float(c["beta"].value),
                          n_steps=int(c["n_steps"].value), start=start, enabled=enabled, paths=paths, gaps=gaps,
                          final_gap={n: float(g[-1]) for n, g in gaps.items()})

    def _draw(self):
        st, a = self.state, self.artists
        for name in OPTIMIZERS:
            on = name in st.paths
            a[f"path_{name}"].set_visible(on)
            a[f"loss_{name}"].set_visible(on)
            if on:
                p, g = st.paths[name], st.gaps[name]
                a[f"path_{name}"].set_data(p[:, 0], p[:, 1])
                a[f"loss_{name}"].set_data(np.arange(len(g)), g)
        self.fig.update_axes(self.ax_l, xlim=(0, st.n_steps))   # redraws the loss axes only if it changed
        ranking = sorted(st.final_gap.items(), key=lambda kv: kv[1])
        cells = ", ".join(f"{n}: {g:.1e}" if g > GAP_FLOOR else f"{n}: converged" for n, g in ranking)
        self.status.value = (f"<span style='font-family:sans-serif'>η = {st.lr:.3g}, β = {st.beta:.2f}, "
                             f"{st.n_steps} steps. Final C − C*, best first: {cells}</span>")


def optimizer_race(surface="two_weight", lr=0.05, beta=0.9, n_steps=100):
    """Race SGD, momentum (Polyak 1964), Nesterov (1983), AdaGrad (Duchi et al. 2011), RMSProp (Tieleman &
    Hinton 2012) and Adam (Kingma & Ba 2015) from the same start on the same 2-D surface.

    All use the ``course_utils.optim`` classes with one learning rate ``η`` (slider) and, for the two
    momentum methods, ``β`` (slider); tick the boxes to show or hide an optimizer.

    Returns
    -------
    OptimizerRace
        An ``ipywidgets.VBox`` with ``.controls`` (``surface``, ``lr``, ``beta``, ``n_steps`` and one checkbox
        per optimizer name), ``.state`` and ``.figure``.
    """
    return OptimizerRace(surface=surface, lr=lr, beta=beta, n_steps=n_steps)
