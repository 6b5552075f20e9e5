"""``regularization_explorer()``: an over-sized network on a small noisy dataset, with L2 and dropout."""
from __future__ import annotations

import asyncio
import time

import ipywidgets as widgets
import numpy as np

from .. import data
from ..activations import log_softmax
from ..mlp import MLP
from ..optim import Adam
from ..regularization import EarlyStopping
from ._base import FigureImage, LiveWidget, one_blas_thread, running_loop
from .playground import CLASS_COLORS, probability_grid

__all__ = ["regularization_explorer", "RegularizationExplorer", "regularization_run", "RegularizationRun",
           "L2_VALUES", "DROPOUT_VALUES"]

L2_VALUES = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)
DROPOUT_VALUES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


def regularization_data(seed=0):
    """40 training and 100 validation points of noisy moons (labels 0/1): ``(X, y, X_val, y_val)``."""
    X, y = data.make_moons(n=140, noise=0.35, seed=seed)
    return X[:40], y[:40], X[40:], y[40:]


class RegularizationRun:
    """One (λ, p) setting of :func:`regularization_run`, trained a few epochs at a time.

    :meth:`advance` continues where the last call stopped, so a run can be trained in slices (the widget
    trains in the background between slider events) and still ends exactly where one uninterrupted run
    ends. :meth:`result` returns the curves so far in the form :func:`regularization_run` documents.
    """

    def __init__(self, l2, dropout, epochs=300, hidden=(100, 100), lr=0.01, patience=40, seed=0):
        self.l2, self.dropout, self.epochs = float(l2), float(dropout), int(epochs)
        self.X, self.y, self.X_val, self.y_val = regularization_data(seed)
        self._X_both = np.vstack([self.X, self.X_val])      # one evaluation pass for both sets
        self._rows = np.arange(len(self._X_both))
        self._y_both = np.concatenate([self.y, self.y_val])
        self.model = MLP([2, *hidden, 2], activation="relu", l2=l2, dropout=dropout, seed=seed)
        self.optimizer = Adam(lr)
        self.stopper = EarlyStopping(patience=patience)
        self.train_loss = np.empty(self.epochs)
        self.val_loss = np.empty(self.epochs)
        self.epoch = 0                  # epochs trained so far
        self.stop_epoch = None

    @property
    def done(self):
        """Whether all ``epochs`` are trained."""
        return self.epoch >= self.epochs

    def _evaluate(self):
        """Mean cross-entropy of the training and validation sets, evaluation mode (no dropout, no penalty)."""
        nll = -log_softmax(self.model.forward(self._X_both))[self._rows, self._y_both]
        n = len(self.X)
        return float(np.mean(nll[:n])), float(np.mean(nll[n:]))

    def advance(self, n_epochs=None, seconds=None):
        """Train up to ``n_epochs`` more epochs (default: to the end), or until ``seconds`` have passed.

        With ``seconds``, a run whose remaining epochs take at most a quarter of ``seconds`` more (at this
        call's pace) is finished in the same call rather than left with a short last slice.

        Returns
        -------
        RegularizationRun
            ``self``.
        """
        last = self.epochs if n_epochs is None else min(self.epochs, self.epoch + int(n_epochs))
        start, first = time.perf_counter(), self.epoch
        deadline = None if seconds is None else start + seconds
        model, opt = self.model, self.optimizer
        while self.epoch < last:
            _, grads = model.loss_and_grads(self.X, self.y)
            opt.step(model.params, grads)
            t, v = self._evaluate()
            self.train_loss[self.epoch], self.val_loss[self.epoch] = t, v
            if self.stop_epoch is None and self.stopper.step(v):
                self.stop_epoch = self.epoch
            self.epoch += 1
            now = time.perf_counter()
            if deadline is not None and now >= deadline:
                per_epoch = (now - start) / (self.epoch - first)
                if (last - self.epoch) * per_epoch > 0.25 * seconds:
                    break
        return self

    def result(self):
        """The curves so far: the dict :func:`regularization_run` returns (arrays of length ``epoch``)."""
        k = self.epoch
        return dict(train_loss=self.train_loss[:k].copy(), val_loss=self.val_loss[:k].copy(),
                    best_epoch=None if self.stopper.best_epoch is None else int(self.stopper.best_epoch),
                    stop_epoch=self.stop_epoch, model=self.model, train_acc=self.model.score(self.X, self.y),
                    val_acc=self.model.score(self.X_val, self.y_val))


def regularization_run(l2, dropout, epochs=300, hidden=(100, 100), lr=0.01, patience=40, seed=0):
    """Train ``MLP([2, *hidden, 2])`` full-batch with Adam and record the curves.

    Objective: mean cross-entropy ``+ λ/2 Σ ||W||²`` with dropout probability ``p`` on the hidden units.
    The recorded losses are the plain cross-entropy in evaluation mode (no penalty, no dropout), so runs
    with different ``λ`` and ``p`` can be compared. ``EarlyStopping(patience)`` watches the validation loss;
    training continues to ``epochs`` anyway so the whole curve is visible, and ``best_epoch`` is where an
    early-stopped run would have kept its weights.

    Returns
    -------
    dict with ``train_loss``, ``val_loss`` (ndarrays of shape (epochs,)), ``best_epoch`` (int), ``stop_epoch``
    (int or None: when patience ran out), ``model`` (the final MLP), ``train_acc``, ``val_acc``.
    """
    return RegularizationRun(l2, dropout, epochs=epochs, hidden=hidden, lr=lr, patience=patience,
                             seed=seed).advance().result()


#: Seconds of training between two redraws while a new setting trains in the background (at least; a slice
#: is also at least twice as long as the last redraw, so that training keeps two thirds of the time).
BACKGROUND_SLICE = 0.04
#: Resolution of the heat map while a setting is still training (the finished one uses 60 x 60).
PARTIAL_GRID = 30


class RegularizationExplorer(LiveWidget):
    """Train/validation curves with the early-stopping point, and the final decision boundary.

    ``state``: ``l2``, ``dropout``, ``train_loss``, ``val_loss``, ``best_epoch``, ``stop_epoch``, ``gap`` (final
    validation minus training loss), ``proba`` (heat map), ``train_acc``, ``val_acc``, ``epochs_done`` and
    ``pending`` (still training). Finished settings are cached in ``cache``, so revisiting one is instant.

    A setting seen for the first time trains in the background when the widget runs in a Jupyter kernel
    (any running asyncio event loop): the slider returns at once, the curves grow on the figure as the
    epochs run, and moving on to another setting before the end keeps the partial run for later. Outside an
    event loop (scripts, tests) it trains before returning. From notebook code, call :meth:`finish` before
    reading ``state``.
    """

    def __init__(self, l2=0.0, dropout=0.0, epochs=300):
        st = {"description_width": "110px"}
        lay = widgets.Layout(width="420px")
        controls = {
            "l2": widgets.SelectionSlider(options=[(f"{v:g}", v) for v in L2_VALUES], value=l2,
                                          description="L2 λ", style=st, layout=lay, continuous_update=False),
            "dropout": widgets.SelectionSlider(options=[(f"{v:g}", v) for v in DROPOUT_VALUES], value=dropout,
                                               description="dropout p", style=st, layout=lay,
                                               continuous_update=False),
        }
        fig = FigureImage(figsize=(10.0, 4.2))
        super().__init__(controls, fig, top=[widgets.HBox([controls["l2"], controls["dropout"]])])
        self.epochs = epochs
        self.cache = {}
        self._runs = {}                 # settings being trained: key -> RegularizationRun
        self._task = None
        self.X, self.y, self.X_val, self.y_val = regularization_data()
        Xall = np.vstack([self.X, self.X_val])
        pad = 0.2 * (Xall.max(axis=0) - Xall.min(axis=0))
        lo, hi = Xall.min(axis=0) - pad, Xall.max(axis=0) + pad
        self.xlim, self.ylim = (lo[0], hi[0]), (lo[1], hi[1])
        self.ax_l, self.ax_b = self.figure.subplots(1, 2)
        a = self.artists
        (a["train"],) = self.ax_l.plot([], [], color="#1f77b4", label="training loss")
        (a["val"],) = self.ax_l.plot([], [], color="#ff7f0e", label="validation loss")
        a["best"] = self.ax_l.axvline(0, color="k", ls="--", lw=1, label="early-stopping point (best validation)")
        (a["best_dot"],) = self.ax_l.plot([], [], "o", color="k", ms=5)
        self.ax_l.set(xlim=(0, epochs), ylim=(0, 2.5), xlabel="epoch (full-batch Adam step)",
                      ylabel="cross-entropy loss", title="Training vs validation loss")
        self.ax_l.grid(alpha=0.3)
        self.ax_l.legend(loc="upper right", fontsize=8)
        a["heat"] = self.ax_b.imshow(np.zeros((60, 60)), origin="lower", cmap="RdBu", vmin=0, vmax=1, alpha=0.6,
                                     extent=(*self.xlim, *self.ylim), aspect="auto", interpolation="bilinear")
        a["contour"] = None
        self.ax_b.scatter(self.X[:, 0], self.X[:, 1], s=24, edgecolors="w", linewidths=0.6,
                          c=np.where(self.y[:, None] == 1, CLASS_COLORS[1], CLASS_COLORS[0]), label="training")
        self.ax_b.scatter(self.X_val[:, 0], self.X_val[:, 1], s=16, facecolors="none", linewidths=1.0,
                          edgecolors=np.where(self.y_val[:, None] == 1, CLASS_COLORS[1], CLASS_COLORS[0]),
                          label="validation")
        self.ax_b.set(xlim=self.xlim, ylim=self.ylim, xlabel="x1", ylabel="x2",
                      title="Decision boundary after training, P(class 1)")
        self.ax_b.legend(loc="upper right", fontsize=8, framealpha=0.85)
        fig.animate(a["train"], a["val"], a["best"], a["best_dot"], a["heat"])
        self._train(self._key())        # the first picture is always complete (nbconvert stores it)
        self.update()
        self._observe_controls()

    # training ----------------------------------------------------------------------------------------
    def _key(self):
        return float(self.controls["l2"].value), float(self.controls["dropout"].value)

    def _run(self, key):
        if key not in self._runs:
            self._runs[key] = RegularizationRun(*key, epochs=self.epochs)
        return self._runs[key]

    def _store_if_done(self, key):
        run = self._runs.get(key)
        if run is not None and run.done:
            result = run.result()
            result["proba"] = probability_grid(result["model"], self.xlim, self.ylim)
            self.cache[key] = result
            del self._runs[key]

    def _train(self, key, seconds=None):
        """Train setting ``key`` (to the end, or for ``seconds``); a finished one moves into ``cache``."""
        if key not in self.cache:
            with one_blas_thread():
                self._run(key).advance(seconds=seconds)
                self._store_if_done(key)

    @property
    def pending(self):
        """Whether the setting on the sliders is still training (in the background)."""
        return self._key() not in self.cache

    def finish(self):
        """Train the setting on the sliders to the end now, and draw it (e.g. before reading ``state``)."""
        self._train(self._key())
        self.update()
        return self

    def _on_control(self, change):
        self.update()                   # trains first outside an event loop; else shows what is trained so far
        loop = running_loop()
        if loop is not None and self.pending and (self._task is None or self._task.done()):
            self._task = loop.create_task(self._train_in_background())

    async def _train_in_background(self):
        """Train whatever setting the sliders show, a slice at a time, redrawing after each slice."""
        while True:
            key = self._key()
            if key in self.cache:
                return
            self._train(key, seconds=max(BACKGROUND_SLICE, 2e-3 * self.timings.get("total", 0.0)))
            if key == self._key():
                self.update()
            await asyncio.sleep(0)      # the kernel handles slider events here

    # state and drawing -------------------------------------------------------------------------------
    def _compute(self):
        key = self._key()
        if running_loop() is None:
            self._train(key)            # no event loop to train in the background: train now
        if key in self.cache:
            run, pending = self.cache[key], False
        else:
            partial = self._run(key)
            run, pending = partial.result(), True
            run["proba"] = probability_grid(run["model"], self.xlim, self.ylim, n=PARTIAL_GRID)
        n = len(run["train_loss"])
        gap = float(run["val_loss"][-1] - run["train_loss"][-1]) if n else float("nan")
        self.state.update(l2=key[0], dropout=key[1], **{k: v for k, v in run.items() if k != "model"},
                          gap=gap, epochs_done=n, pending=pending)

    def _draw(self):
        st, a = self.state, self.artists
        ep = np.arange(1, len(st.train_loss) + 1)
        a["train"].set_data(ep, st.train_loss)
        a["val"].set_data(ep, st.val_loss)
        a["heat"].set_data(st.proba)
        trained = st.best_epoch is not None
        a["best"].set_visible(trained)
        a["best_dot"].set_visible(trained)
        if not trained:
            self.status.value = (f"<span style='font-family:sans-serif'>λ = {st.l2:g}, p = {st.dropout:g}: "
                                 f"training starts…</span>")
            return
        b = st.best_epoch + 1
        a["best"].set_xdata([b, b])
        a["best_dot"].set_data([b], [st.val_loss[st.best_epoch]])
        if st.pending:
            self.status.value = (f"<span style='font-family:sans-serif'>λ = {st.l2:g}, p = {st.dropout:g}: "
                                 f"training, epoch {st.epochs_done} of {self.epochs}; training loss "
                                 f"{st.train_loss[-1]:.3f}, validation loss {st.val_loss[-1]:.3f}, best so far "
                                 f"{st.val_loss[st.best_epoch]:.3f} at epoch {b}…</span>")
            return
        stop = (f"patience ran out at epoch {st.stop_epoch + 1}" if st.stop_epoch is not None
                else "patience never ran out")
        self.status.value = (f"<span style='font-family:sans-serif'>λ = {st.l2:g}, p = {st.dropout:g}: final "
                             f"training loss {st.train_loss[-1]:.3f}, validation loss {st.val_loss[-1]:.3f} "
                             f"(gap {st.gap:.3f}); accuracy {st.train_acc:.0%} / {st.val_acc:.0%}. Best "
                             f"validation loss {st.val_loss[st.best_epoch]:.3f} at epoch {b} ({stop}).</span>")


def regularization_explorer(l2=0.0, dropout=0.0, epochs=300):
    """An over-sized network (2-100-100-2, ReLU) on 40 noisy training points: watch it overfit, then tame it.

    Slide the L2 strength ``λ`` (weight decay, penalty ``λ/2 Σ ||W||²``) and the dropout probability ``p``
    (Srivastava et al. 2014). Left: training and validation loss per epoch with the early-stopping point (the
    epoch of lowest validation loss); right: the decision boundary after training. Each setting trains once
    (about 0.13 s) and is cached. In a Jupyter kernel a new setting trains in the background:
    the sliders stay live and the curves grow on the figure until the run is complete.

    Returns
    -------
    RegularizationExplorer
        An ``ipywidgets.VBox`` with ``.controls`` (``l2``, ``dropout``), ``.state``, ``.cache``, ``.figure``,
        ``.pending`` (a setting is still training) and ``.finish()`` (train it to the end now).
    """
    return RegularizationExplorer(l2=l2, dropout=dropout, epochs=epochs)
