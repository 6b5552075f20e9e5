"""``perceptron_stepper()``: Rosenblatt's updates one at a time, against Novikoff's mistake bound."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import data
from ..perceptron import Perceptron, add_bias, novikoff_bound
from ._base import FigureImage, LiveWidget

__all__ = ["perceptron_stepper", "PerceptronStepper", "perceptron_trace", "stepper_data", "boundary_segment"]


def stepper_data(dataset, seed=0):
    """The stepper's data: ``(X, y, w_star)`` with labels in {-1, +1}.

    ``"blobs"``: 40 linearly separable points with a margin, ``w_star`` (bias first, shape (3,)) a separating
    vector for Novikoff's bound. ``"xor"``: 40 noisy XOR points, not separable, ``w_star = None``.
    """
    if dataset == "blobs":
        X, y, w, b = data.make_blobs(n=40, margin=0.6, seed=seed, signed=True, return_separator=True)
        Xa = add_bias(X)
        w_star = np.r_[b, w]
        if np.min(y * (Xa @ w_star)) <= 0:  # the other sign convention for the offset
            w_star = np.r_[-b, w]
        return X, y, w_star
    if dataset == "xor":
        X, y = data.make_xor(n=40, noise=0.12, seed=seed, signed=True)
        return X, y, None
    raise ValueError(f"unknown dataset {dataset!r}; choose 'blobs' or 'xor'")


def perceptron_trace(X, y, lr=1.0, max_epochs=20):
    """Every update of ``course_utils.perceptron.Perceptron`` with the example that caused it.

    Update ``k`` is ``w_k = w_{k−1} + η y_i x~_i`` (``x~ = (1, x)``) for the misclassified example ``i``.

    Returns
    -------
    weights : ndarray of shape (K + 1, d + 1)
        ``w_0 = 0, w_1, ..., w_K`` (bias first).
    culprits : ndarray of int, shape (K,)
        Index of the example behind each update.
    errors : ndarray of int, shape (K + 1,)
        Number of training examples misclassified by each ``w_k`` (``y_i w_k·x~_i <= 0``).
    model : Perceptron
        The fitted model (``n_mistakes == K``, ``converged_``).
    """
    model = Perceptron(lr=lr, max_epochs=max_epochs).fit(X, y)
    weights = np.array(model.history)
    steps = lr * y[:, None] * add_bias(X)                       # (n, d + 1): every possible update
    diffs = np.diff(weights, axis=0)                            # (K, d + 1)
    culprits = np.array([int(np.argmin(np.abs(steps - d).sum(axis=1))) for d in diffs], dtype=int)
    margins = (weights @ add_bias(X).T) * y                     # (K + 1, n)
    errors = (margins <= 0).sum(axis=1)
    return weights, culprits, errors, model


def boundary_segment(w, xlim, ylim):
    """Two end points of the line ``w0 + w1 x1 + w2 x2 = 0`` across the box (empty lists when ``w`` is 0)."""
    w0, w1, w2 = (float(v) for v in w)
    if w1 == 0.0 and w2 == 0.0:
        return [], []
    if abs(w2) >= abs(w1):
        xs = np.array(xlim, dtype=float)
        return xs, -(w0 + w1 * xs) / w2
    ys = np.array(ylim, dtype=float)
    return -(w0 + w2 * ys) / w1, ys


class PerceptronStepper(LiveWidget):
    """Data with the perceptron's boundary after ``k`` updates; the example behind update ``k`` is ringed.

    ``state``: ``dataset``, ``lr``, ``k``, ``w`` (shape (3,)), ``culprit`` (index or None), ``n_updates``,
    ``converged``, ``bound`` (Novikoff's ``(R/γ)²``, ``inf`` for XOR), ``errors`` (per update).
    Drive it with :meth:`step`, :meth:`reset` or ``controls["k"].value``.
    """

    def __init__(self, dataset="blobs", lr=1.0):
        style = {"description_width": "115px"}
        lay = widgets.Layout(width="420px")
        controls = {
            "dataset": widgets.Dropdown(options=[("separable blobs", "blobs"), ("XOR (not separable)", "xor")],
                                        value=dataset, description="data", style=style),
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=-2, max=1, step=0.05, readout_format=".3g",
                                         description="learning rate η", style=style, layout=lay),
            "k": widgets.IntSlider(value=0, min=0, max=1, description="update k", style=style, layout=lay),
        }
        self.play = widgets.Play(interval=400, min=0, max=1, step=1, description="play")
        widgets.jslink((self.play, "value"), (controls["k"], "value"))
        b_step = widgets.Button(description="step", icon="step-forward", layout=widgets.Layout(width="90px"))
        b_reset = widgets.Button(description="reset", icon="undo", layout=widgets.Layout(width="90px"))
        b_step.on_click(lambda _: self.step())
        b_reset.on_click(lambda _: self.reset())
        fig = FigureImage(figsize=(10.0, 4.2))
        top = [widgets.HBox([controls["dataset"], controls["lr"]]),
               widgets.HBox([self.play, b_step, b_reset, controls["k"]])]
        super().__init__(controls, fig, top=top)
        self.ax_d, self.ax_m = self.figure.subplots(1, 2)
        a = self.artists
        a["pos"] = self.ax_d.scatter([], [], c="#1f77b4", marker="o", s=22, label="t = +1")
        a["neg"] = self.ax_d.scatter([], [], c="#d62728", marker="^", s=22, label="t = −1")
        (a["boundary"],) = self.ax_d.plot([], [], "k-", lw=2, label="boundary w·x~ = 0")
        (a["wrong"],) = self.ax_d.plot([], [], "x", color="k", ms=7, label="misclassified now")
        (a["culprit"],) = self.ax_d.plot([], [], "o", mfc="none", mec="#ff7f0e", mew=2.5, ms=15,
                                         label="caused update k")
        fig.animate(a["boundary"], a["wrong"], a["culprit"])
        self.ax_d.set(xlabel="x1", ylabel="x2")
        self.ax_d.set_title(" ", fontsize=10)            # the text is set by _fit
        self.ax_m.set_title(" ", fontsize=10)
        self.ax_d.legend(loc="upper left", fontsize=7, framealpha=0.85)
        (a["errors"],) = self.ax_m.plot([], [], ".-", color="#1f77b4", label="training errors of w_k")
        a["now"] = self.ax_m.axvline(0, color="#ff7f0e", lw=1.5, label="current update k")
        a["bound"] = self.ax_m.axvline(0, color="k", ls="--", lw=1.2, label="Novikoff bound (R/γ)²")
        fig.animate(a["errors"], a["now"])
        self.ax_m.set(xlabel="update k (= mistakes made so far)", ylabel="misclassified training points")
        self.ax_m.grid(alpha=0.3)
        self.ax_m.legend(loc="upper right", fontsize=7)
        self._fit()
        self.update()
        controls["k"].observe(self._on_control, names="value")
        controls["lr"].observe(self._on_refit, names="value")
        controls["dataset"].observe(self._on_refit, names="value")

    # driving -----------------------------------------------------------------------------------------
    def step(self, n=1):
        """Advance by ``n`` updates (stops at the last one)."""
        k = self.controls["k"]
        k.value = min(k.value + n, k.max)
        return self

    def reset(self):
        """Back to ``w_0 = 0``."""
        self.controls["k"].value = 0
        return self

    def _on_refit(self, change):
        self._fit()
        self.update()

    def _fit(self):
        """Run the perceptron for the current data and learning rate; redraw static parts only if they changed.

        Starting from ``w = 0`` the learning rate only rescales every ``w_k``: the same updates, the same
        lines, the same limits. So moving the learning-rate slider changes no static artist and redraws
        nothing but the boundary; a new data set redraws both axes.
        """
        c = self.controls
        dataset = c["dataset"].value
        new_data = dataset != getattr(self, "_dataset", None)
        if new_data:
            self.X, self.y, self.w_star = stepper_data(dataset)
            self._dataset = dataset
        X, y, w_star = self.X, self.y, self.w_star
        weights, culprits, errors, model = perceptron_trace(X, y, lr=float(c["lr"].value))
        self.weights, self.culprits, self.errors, self.model = weights, culprits, errors, model
        K = len(culprits)
        c["k"].value = min(c["k"].value, K)
        c["k"].max = max(K, 1)
        self.play.max = max(K, 1)
        a = self.artists
        if new_data:
            self.bound = float(novikoff_bound(X, y, w_star)) if w_star is not None else float("inf")
            pad = 0.3
            self.xlim = (X[:, 0].min() - pad, X[:, 0].max() + pad)
            self.ylim = (X[:, 1].min() - pad, X[:, 1].max() + pad)
            a["pos"].set_offsets(X[y > 0])
            a["neg"].set_offsets(X[y < 0])
            finite = np.isfinite(self.bound)
            a["bound"].set_visible(finite)
            if finite:
                a["bound"].set_xdata([self.bound, self.bound])
            self.fig.invalidate(self.ax_d, self.ax_m)
        name = "separable blobs" if w_star is not None else "XOR: no line separates the classes"
        self.fig.update_axes(self.ax_d, xlim=self.xlim, ylim=self.ylim, title=f"Perceptron on {name}")
        a["errors"].set_data(np.arange(K + 1), errors)
        finite = np.isfinite(self.bound)
        right = max(K, self.bound if finite else K) * 1.05 + 1
        verdict = (f"converged after {K} updates" if model.converged_ else f"no convergence: {K} updates in "
                   f"{model.n_epochs_} epochs")
        self.fig.update_axes(self.ax_m, xlim=(0, right), ylim=(0, max(errors.max(), 1) * 1.1),
                             title=f"Mistakes vs Novikoff's bound ({verdict})")

    # maths and drawing -------------------------------------------------------------------------------
    def _compute(self):
        k = int(self.controls["k"].value)
        k = min(k, len(self.culprits))
        w = self.weights[k]
        wrong = self.y * (add_bias(self.X) @ w) <= 0
        self.state.update(dataset=self.controls["dataset"].value, lr=float(self.controls["lr"].value), k=k, w=w,
                          culprit=int(self.culprits[k - 1]) if k > 0 else None, wrong=wrong,
                          n_updates=len(self.culprits), converged=bool(self.model.converged_), bound=self.bound,
                          errors=self.errors)

    def _draw(self):
        st, a = self.state, self.artists
        a["boundary"].set_data(*boundary_segment(st.w, self.xlim, self.ylim))
        a["wrong"].set_data(self.X[st.wrong, 0], self.X[st.wrong, 1])
        if st.culprit is None:
            a["culprit"].set_data([], [])
        else:
            a["culprit"].set_data([self.X[st.culprit, 0]], [self.X[st.culprit, 1]])
        a["errors"].set_data(np.arange(st.k + 1), self.errors[: st.k + 1])
        a["now"].set_xdata([st.k, st.k])
        bound = f"{st.bound:.1f}" if np.isfinite(st.bound) else "none (not separable)"
        w = ", ".join(f"{v:.3g}" for v in st.w)
        self.status.value = (f"<span style='font-family:sans-serif'>update {st.k} of {st.n_updates}: "
                             f"w = ({w}) (bias first); {int(st.wrong.sum())} points misclassified; "
                             f"Novikoff's bound on the updates: {bound}.</span>")


def perceptron_stepper(dataset="blobs", lr=1.0):
    """Step through Rosenblatt's (1958) perceptron updates ``w ← w + η t_i x~_i`` on a misclassified example.

    Left: the data, the boundary ``w·x~ = 0`` after ``k`` updates, the points it misclassifies (×) and the
    example that caused update ``k`` (ringed). Right: training errors against ``k`` and Novikoff's (1962)
    bound ``(R/γ)²`` on the number of updates for separable data. On XOR the updates never stop.
    Starting from ``w = 0`` the learning rate only rescales ``w``: the same mistakes, the same lines.

    Returns
    -------
    PerceptronStepper
        An ``ipywidgets.VBox``; ``.step(n)``, ``.reset()``, ``.controls`` (``dataset``, ``lr``, ``k``),
        ``.state``, ``.figure``.
    """
    return PerceptronStepper(dataset=dataset, lr=lr)
