"""``playground()``: a small TensorFlow-Playground inside Jupyter, on ``course_utils.mlp``."""
from __future__ import annotations

import asyncio

import ipywidgets as widgets
import numpy as np

from .. import data
from ..mlp import MLP
from ._base import FigureImage, LiveWidget, one_blas_thread
from .optimizer_race import make_optimizer

__all__ = ["playground", "Playground", "playground_data", "probability_grid", "STEPS_PER_TICK"]

#: Training steps (mini-batches) per tick of play mode and per press of "step".
STEPS_PER_TICK = 10
DATASETS = ("xor", "circles", "moons", "spiral", "blobs")
CLASS_COLORS = ([[0.80, 0.25, 0.0, 1.0]], [[0.15, 0.1, 0.55, 1.0]])  # class 0 orange, class 1 indigo
PLAY_OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")


def playground_data(dataset, noise, train_fraction, n=200, seed=0):
    """Two-class 2-D data split into train and test: ``(X_train, y_train, X_test, y_test)`` (labels 0/1).

    ``noise`` is the generator's noise level (for ``"blobs"``, the spread of the clouds is ``0.3 + 3·noise``);
    the rows are already shuffled, so the first ``round(train_fraction · n)`` are the training set.
    """
    if dataset == "xor":
        X, y = data.make_xor(n=n, noise=noise, seed=seed)
    elif dataset == "circles":
        X, y = data.make_circles(n=n, noise=noise, seed=seed)
    elif dataset == "moons":
        X, y = data.make_moons(n=n, noise=noise, seed=seed)
    elif dataset == "spiral":
        X, y = data.make_spiral(n=n, noise=noise, seed=seed, classes=2)
    elif dataset == "blobs":
        X, y = data.make_blobs(n=n, seed=seed, spread=0.3 + 3 * noise)
    else:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {DATASETS}")
    n_train = min(max(int(round(train_fraction * n)), 2), n - 2)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def probability_grid(model, xlim, ylim, n=60):
    """``P(class 1 | x)`` of a two-class model on an ``n × n`` grid over the box: ndarray of shape (n, n)."""
    g1 = np.linspace(*xlim, n)
    g2 = np.linspace(*ylim, n)
    G1, G2 = np.meshgrid(g1, g2)
    P = model.predict_proba(np.column_stack([G1.ravel(), G2.ravel()]))[:, 1]
    return P.reshape(n, n)


class Playground(LiveWidget):
    """Train an MLP live: decision heat map with train (filled) and test (hollow) points, and loss curves.

    ``state``: ``steps`` (training steps so far), ``ticks``, ``train_loss`` and ``test_loss`` (lists, one entry per
    :meth:`step` call), ``train_acc``, ``test_acc``, ``proba`` (the heat map, shape (60, 60)), ``sizes``.
    Drive from code with :meth:`step` (``n`` ticks of 10 steps), :meth:`reset`; :meth:`play` / :meth:`pause`
    run ticks from an asyncio task so the kernel keeps handling the controls.
    """

    def __init__(self, dataset="xor", noise=None, train_fraction=0.5, hidden_layers=1, units=8,
                 activation="tanh", lr=0.03, optimizer="Adam", l2=0.0, dropout=0.0, batch_size=16, seed=0):
        noise = {"xor": 0.15, "circles": 0.08, "moons": 0.15, "spiral": 0.1, "blobs": 0.1}[dataset] \
            if noise is None else noise
        st = {"description_width": "90px"}
        lay = widgets.Layout(width="300px")
        controls = {
            "dataset": widgets.Dropdown(options=DATASETS, value=dataset, description="data", style=st, layout=lay),
            "noise": widgets.FloatSlider(value=noise, min=0.0, max=0.5, step=0.01, description="noise",
                                         style=st, layout=lay),
            "train_fraction": widgets.FloatSlider(value=train_fraction, min=0.1, max=0.9, step=0.05,
                                                  description="train fraction", style=st, layout=lay),
            "hidden_layers": widgets.IntSlider(value=hidden_layers, min=1, max=4, description="hidden layers",
                                               style=st, layout=lay),
            "units": widgets.IntSlider(value=units, min=1, max=32, description="units/layer", style=st, layout=lay),
            "activation": widgets.Dropdown(options=["relu", "tanh", "sigmoid"], value=activation,
                                           description="activation", style=st, layout=lay),
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.05, readout_format=".3g",
                                         description="learning rate", style=st, layout=lay),
            "optimizer": widgets.Dropdown(options=PLAY_OPTIMIZERS, value=optimizer, description="optimizer",
                                          style=st, layout=lay),
            "l2": widgets.FloatLogSlider(value=max(l2, 1e-6), base=10, min=-6, max=0, step=0.1,
                                         readout_format=".1e", description="L2 λ", style=st, layout=lay),
            "use_l2": widgets.Checkbox(value=l2 > 0, description="use L2"),
            "dropout": widgets.FloatSlider(value=dropout, min=0.0, max=0.8, step=0.05, description="dropout p",
                                           style=st, layout=lay),
            "batch_size": widgets.Dropdown(options=[1, 4, 8, 16, 32, 64, 200], value=batch_size,
                                           description="batch size", style=st, layout=lay),
        }
        bl = widgets.Layout(width="80px")
        self.buttons = {name: widgets.Button(description=name, layout=bl) for name in ("play", "pause", "step",
                                                                                       "reset")}
        self.buttons["play"].on_click(lambda _: self.play())
        self.buttons["pause"].on_click(lambda _: self.pause())
        self.buttons["step"].on_click(lambda _: self.step())
        self.buttons["reset"].on_click(lambda _: self.reset())
        fig = FigureImage(figsize=(9.5, 4.2))
        c = controls
        top = [widgets.HBox([widgets.VBox([c["dataset"], c["noise"], c["train_fraction"], c["batch_size"]]),
                             widgets.VBox([c["hidden_layers"], c["units"], c["activation"], c["dropout"]]),
                             widgets.VBox([c["optimizer"], c["lr"], c["l2"], c["use_l2"]])]),
               widgets.HBox(list(self.buttons.values()))]
        super().__init__(controls, fig, top=top)
        self.seed = seed
        self._task = None
        self._boxes = {}
        self.ax_b, self.ax_l = self.figure.subplots(1, 2)
        a = self.artists
        a["heat"] = self.ax_b.imshow(np.zeros((60, 60)), origin="lower", cmap="RdBu", vmin=0, vmax=1,
                                     aspect="auto", alpha=0.6, interpolation="bilinear")
        a["train"] = self.ax_b.scatter([], [], s=18, facecolors="0.3", edgecolors="w", linewidths=0.6,
                                       label="train (filled)")
        a["test"] = self.ax_b.scatter([], [], facecolors="none", edgecolors="0.3", s=22, linewidths=1.4,
                                      label="test (hollow)")
        self.ax_b.set(xlabel="x1", ylabel="x2")
        self.ax_b.legend(loc="upper right", fontsize=7, framealpha=0.85)
        (a["train_loss"],) = self.ax_l.plot([], [], color="#1f77b4", label="train loss")
        (a["test_loss"],) = self.ax_l.plot([], [], color="#ff7f0e", label="test loss")
        self.ax_l.set(xlabel="training step", ylabel="cross-entropy loss", title="Loss curves")
        self.ax_l.grid(alpha=0.3)
        self.ax_l.legend(loc="upper right", fontsize=8)
        fig.overlay_xaxis(self.ax_l)        # the x range doubles as training goes on: redraw that axis alone
        self.ax_b.set_title(" ", fontsize=10)                  # the text is set by reset()
        # the points move with the noise and train-fraction sliders: animated; the title changes with the
        # architecture: in the overlay. Only a new data set (a new box) redraws an axes.
        fig.animate(a["heat"], a["train"], a["test"], a["train_loss"], a["test_loss"])
        fig.overlay(self.ax_b.title)
        self.reset()
        for name in ("dataset", "noise", "train_fraction", "hidden_layers", "units", "activation"):
            controls[name].observe(lambda ch: self.reset(), names="value")
        for name in ("lr", "optimizer"):
            controls[name].observe(lambda ch: self._new_optimizer(), names="value")
        for name in ("l2", "use_l2", "dropout"):
            controls[name].observe(lambda ch: self._set_regularization(), names="value")

    # model -------------------------------------------------------------------------------------------
    def _new_optimizer(self):
        c = self.controls
        self.optimizer = make_optimizer(c["optimizer"].value, float(c["lr"].value))

    def _set_regularization(self):
        c = self.controls
        self.model.l2 = float(c["l2"].value) if c["use_l2"].value else 0.0
        self.model.dropout = float(c["dropout"].value)

    def reset(self):
        """New data and a freshly initialised network from the controls; clears the curves."""
        self.pause()
        c = self.controls
        self.X, self.y, self.X_test, self.y_test = playground_data(c["dataset"].value, float(c["noise"].value),
                                                                   float(c["train_fraction"].value), seed=self.seed)
        sizes = [2] + [int(c["units"].value)] * int(c["hidden_layers"].value) + [2]
        self.model = MLP(sizes, activation=c["activation"].value, seed=self.seed)
        self._set_regularization()
        self._new_optimizer()
        self.rng = np.random.default_rng(self.seed)
        self._order, self._pos = np.arange(0), 0
        self.state.update(steps=0, ticks=0, sizes=sizes, train_loss=[], test_loss=[], loss_steps=[])
        self.xlim, self.ylim = self._box(c["dataset"].value)
        a = self.artists
        a["heat"].set_extent((*self.xlim, *self.ylim))
        a["train"].set_offsets(self.X)
        a["train"].set_facecolors(np.where(self.y[:, None] == 1, CLASS_COLORS[1], CLASS_COLORS[0]))
        a["test"].set_offsets(self.X_test)
        a["test"].set_edgecolors(np.where(self.y_test[:, None] == 1, CLASS_COLORS[1], CLASS_COLORS[0]))
        self.fig.update_axes(self.ax_b, xlim=self.xlim, ylim=self.ylim,
                             title=f"{c['dataset'].value}: network {'-'.join(map(str, sizes))}, P(class 1)")
        self.fig.update_axes(self.ax_l, xlim=(0, 200), ylim=(0, 1.0))
        self._record()
        self.update()
        return self

    def _box(self, dataset):
        """The heat map's box for a data set: it holds the data at any noise level (the slider's maximum
        included), so moving the noise slider moves the points, not the axes."""
        if dataset not in self._boxes:
            X, _, X_test, _ = playground_data(dataset, float(self.controls["noise"].max), 0.5, seed=self.seed)
            Xall = np.vstack([X, X_test])
            pad = 0.1 * (Xall.max(axis=0) - Xall.min(axis=0))
            lo, hi = Xall.min(axis=0) - pad, Xall.max(axis=0) + pad
            self._boxes[dataset] = ((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])))
        return self._boxes[dataset]

    def _batch(self, batch_size):
        if self._pos >= len(self._order):
            self._order, self._pos = self.rng.permutation(len(self.X)), 0
        idx = self._order[self._pos:self._pos + batch_size]
        self._pos += batch_size
        return self.X[idx], self.y[idx]

    def train_steps(self, n_steps):
        """``n_steps`` mini-batch updates of the network (no drawing)."""
        bs = int(self.controls["batch_size"].value)
        with one_blas_thread():
            for _ in range(int(n_steps)):
                Xb, yb = self._batch(bs)
                _, grads = self.model.loss_and_grads(Xb, yb)
                self.optimizer.step(self.model.params, grads)
        self.state.steps += int(n_steps)

    def _record(self):
        st = self.state
        with one_blas_thread():
            st.train_loss.append(self.model.loss(self.X, self.y))
            st.test_loss.append(self.model.loss(self.X_test, self.y_test))
        st.loss_steps.append(st.steps)

    def step(self, n_ticks=1):
        """Train ``n_ticks`` ticks of :data:`STEPS_PER_TICK` mini-batch steps, then record and redraw."""
        for _ in range(int(n_ticks)):
            self.train_steps(STEPS_PER_TICK)
            self.state.ticks += 1
            self._record()
        self.update()
        return self

    # play mode ---------------------------------------------------------------------------------------
    async def _run(self, max_ticks):
        for _ in range(max_ticks):
            self.step()
            await asyncio.sleep(0.01)  # hand control back to the kernel: it processes slider changes here

    def play(self, max_ticks=3000):
        """Start training in the background (an asyncio task on the kernel's event loop)."""
        if self._task is not None and not self._task.done():
            return self._task
        loop = asyncio.get_event_loop()
        self._task = loop.create_task(self._run(max_ticks))
        return self._task

    def pause(self):
        """Stop the background training (cancels the task)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    @property
    def playing(self):
        """Whether a play task is running."""
        return self._task is not None and not self._task.done()

    # drawing -----------------------------------------------------------------------------------------
    def _compute(self):
        st = self.state
        st.proba = probability_grid(self.model, self.xlim, self.ylim)
        st.train_acc = self.model.score(self.X, self.y)
        st.test_acc = self.model.score(self.X_test, self.y_test)

    def _draw(self):
        st, a = self.state, self.artists
        a["heat"].set_data(st.proba)
        a["train_loss"].set_data(st.loss_steps, st.train_loss)
        a["test_loss"].set_data(st.loss_steps, st.test_loss)
        right = self.ax_l.get_xlim()[1]
        top = self.ax_l.get_ylim()[1]
        peak = max(max(st.train_loss), max(st.test_loss))
        if st.steps > right or peak > top:
            while st.steps > right:
                right *= 2
            self.fig.update_axes(self.ax_l, xlim=(0, right), ylim=(0, max(top, 1.1 * peak)))
        self.status.value = (f"<span style='font-family:sans-serif'>step {st.steps}: train loss "
                             f"{st.train_loss[-1]:.3f}, test loss {st.test_loss[-1]:.3f}; accuracy train "
                             f"{st.train_acc:.0%}, test {st.test_acc:.0%}</span>")


def playground(dataset="xor", **kwargs):
    """Train a small MLP on 2-D data and watch it learn (in the spirit of TensorFlow Playground).

    Pick a dataset (``"xor"``, ``"circles"``, ``"moons"``, ``"spiral"``, ``"blobs"``), its noise and train fraction,
    the network (hidden layers, units, activation), the optimizer and learning rate, L2 and dropout and the
    batch size, then press play (or step). The heat map is ``P(class 1 | x)``; filled points are training
    data, hollow ones test data. Each tick is 10 mini-batch steps of ``course_utils.optim`` on
    ``course_utils.mlp.MLP``; training runs as an asyncio task, so the controls stay live.

    Parameters
    ----------
    dataset : str
    **kwargs
        Initial control values: ``noise``, ``train_fraction``, ``hidden_layers``, ``units``, ``activation``,
        ``lr``, ``optimizer``, ``l2``, ``dropout``, ``batch_size``, ``seed``.

    Returns
    -------
    Playground
        An ``ipywidgets.VBox`` with ``.step(n)``, ``.play()``, ``.pause()``, ``.reset()``, ``.controls``,
        ``.state``, ``.model`` and ``.figure``.
    """
    return Playground(dataset=dataset, **kwargs)
