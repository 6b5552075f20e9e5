"""``regularization_explorer()``: an over-sized network on a small noisy dataset, with L2 and dropout."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import data
from ..mlp import MLP
from ..optim import Adam
from ..regularization import EarlyStopping
from ._base import FigureImage, LiveWidget
from .playground import CLASS_COLORS, probability_grid

__all__ = ["regularization_explorer", "RegularizationExplorer", "regularization_run", "L2_VALUES",
           "DROPOUT_VALUES"]

L2_VALUES = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)
DROPOUT_VALUES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


def regularization_data(seed=0):
    """40 training and 100 validation points of noisy moons (labels 0/1): ``(X, y, X_val, y_val)``."""
    X, y = data.make_moons(n=140, noise=0.35, seed=seed)
    return X[:40], y[:40], X[40:], y[40:]


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
    X, y, Xv, yv = regularization_data(seed)
    model = MLP([2, *hidden, 2], activation="relu", l2=l2, dropout=dropout, seed=seed)
    opt = Adam(lr)
    stopper = EarlyStopping(patience=patience)
    train_loss, val_loss, stop_epoch = [], [], None
    for epoch in range(epochs):
        _, grads = model.loss_and_grads(X, y)
        opt.step(model.params, grads)
        train_loss.append(model.loss(X, y))
        val_loss.append(model.loss(Xv, yv))
        if stop_epoch is None and stopper.step(val_loss[-1]):
            stop_epoch = epoch
    return dict(train_loss=np.array(train_loss), val_loss=np.array(val_loss), best_epoch=int(stopper.best_epoch),
                stop_epoch=stop_epoch, model=model, train_acc=model.score(X, y), val_acc=model.score(Xv, yv))


class RegularizationExplorer(LiveWidget):
    """Train/validation curves with the early-stopping point, and the final decision boundary.

    ``state``: ``l2``, ``dropout``, ``train_loss``, ``val_loss``, ``best_epoch``, ``stop_epoch``, ``gap`` (final
    validation minus training loss), ``proba`` (heat map), ``train_acc``, ``val_acc``. Results are cached per
    setting in ``cache``.
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
        self.update()
        self._observe_controls()

    def _compute(self):
        key = (float(self.controls["l2"].value), float(self.controls["dropout"].value))
        if key not in self.cache:
            run = regularization_run(*key, epochs=self.epochs)
            run["proba"] = probability_grid(run["model"], self.xlim, self.ylim)
            self.cache[key] = run
        run = self.cache[key]
        self.state.update(l2=key[0], dropout=key[1], **{k: v for k, v in run.items() if k != "model"},
                          gap=float(run["val_loss"][-1] - run["train_loss"][-1]))

    def _draw(self):
        st, a = self.state, self.artists
        ep = np.arange(1, len(st.train_loss) + 1)
        a["train"].set_data(ep, st.train_loss)
        a["val"].set_data(ep, st.val_loss)
        b = st.best_epoch + 1
        a["best"].set_xdata([b, b])
        a["best_dot"].set_data([b], [st.val_loss[st.best_epoch]])
        a["heat"].set_data(st.proba)
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
    (a fraction of a second) and is cached.

    Returns
    -------
    RegularizationExplorer
        An ``ipywidgets.VBox`` with ``.controls`` (``l2``, ``dropout``), ``.state``, ``.cache`` and ``.figure``.
    """
    return RegularizationExplorer(l2=l2, dropout=dropout, epochs=epochs)
