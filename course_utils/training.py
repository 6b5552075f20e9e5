"""Mini-batch training loop with learning-rate schedules, early stopping and a light progress display.

:func:`train` runs epochs of mini-batch gradient descent on any model that offers

* ``model.params`` — a dict of float arrays, updated in place by the optimizer;
* ``model.loss_and_grads(X, y) -> (loss, grads)`` — the training objective on a batch and its gradients;
* ``model.score(X, y) -> accuracy`` and, optionally, ``model.loss(X, y) -> float`` (evaluation-mode loss),

such as :class:`course_utils.mlp.MLP`, with any optimizer of :mod:`course_utils.optim`. It returns a
:class:`History` of per-epoch numbers for learning curves.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

import numpy as np

__all__ = ["minibatches", "train", "History"]


def minibatches(X, y, batch_size, rng=None):
    """Yield ``(X_batch, y_batch)`` pairs that together cover every example exactly once (one epoch).

    With a generator ``rng`` the order is a fresh random permutation on every call (so calling it once per
    epoch reshuffles every epoch); with ``rng=None`` the data are taken in their stored order. All batches
    have ``batch_size`` rows except possibly the last, which holds the remaining ``n mod batch_size``.

    Parameters
    ----------
    X : ndarray of shape (n, ...)
    y : ndarray of shape (n,)
    batch_size : int
        Rows per batch (at least 1; larger than ``n`` gives one batch).
    rng : numpy.random.Generator, optional
        Shuffles the order; None keeps it.

    Yields
    ------
    X_batch : ndarray of shape (b, ...)
    y_batch : ndarray of shape (b,)
        ``b = batch_size`` except for a smaller last batch. With shuffling the rows are copied once per
        call (the whole permuted data set); without, batches are views of ``X`` and ``y``.
    """
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X and y have different lengths: {n} and {len(y)}")
    batch_size = int(batch_size)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator or None, got {type(rng).__name__}")
        perm = rng.permutation(n)
        X, y = X[perm], y[perm]          # one gather per epoch; the batches below are cheap views
    for start in range(0, n, batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


@dataclass
class History:
    """Per-epoch record of a training run (index ``e`` is epoch ``e + 1``).

    Attributes
    ----------
    train_loss : list of float
        Evaluation-mode loss (no dropout, no penalty) on the whole training set after each epoch, comparable
        with ``val_loss`` (``model.loss``; the mean of ``batch_loss`` for models without ``loss``).
    batch_loss : list of float
        Mean training objective over the epoch's mini-batches (what the optimizer minimised: with
        dropout and the L2 penalty, measured while the weights were changing).
    train_acc : list of float
        Accuracy on the training set after each epoch.
    val_loss, val_acc : list of float
        The same on the validation set (empty without validation data).
    lr : list of float
        Learning rate used in each epoch.
    epoch_time : list of float
        Wall-clock seconds per epoch (training only, not the evaluation).
    best_epoch : int or None
        0-based index of the best epoch according to early stopping (None without early stopping).
    stopped_early : bool
        Whether early stopping ended training before ``epochs``.
    diverged : bool
        Whether training stopped because an epoch's mean batch loss was not finite (inf or NaN), the sign
        of a learning rate that is too large; that epoch is the last one recorded.
    """

    train_loss: list = field(default_factory=list)
    batch_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    epoch_time: list = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False
    diverged: bool = False

    @property
    def epochs(self) -> int:
        """Number of epochs run."""
        return len(self.train_loss)

    def as_dict(self) -> dict:
        """The record as a plain dictionary (e.g. for ``json.dump``)."""
        return {k: (list(v) if isinstance(v, list) else v) for k, v in vars(self).items()}

    def plot(self, ax=None, **kwargs):
        """Learning curves (see :func:`course_utils.plots.plot_history`); returns the Axes."""
        from .plots import plot_history
        return plot_history(self, ax=ax, **kwargs)

    def __repr__(self):
        if not self.epochs:
            return "History(0 epochs)"
        parts = [f"{self.epochs} epochs", f"train_loss {self.train_loss[-1]:.4f}", f"train_acc {self.train_acc[-1]:.3f}"]
        if self.val_loss:
            parts += [f"val_loss {self.val_loss[-1]:.4f}", f"val_acc {self.val_acc[-1]:.3f}"]
        if self.best_epoch is not None:
            parts.append(f"best epoch {self.best_epoch + 1}")
        if self.stopped_early:
            parts.append("stopped early")
        if self.diverged:
            parts.append("diverged")
        return "History(" + ", ".join(parts) + ")"


# ---------------------------------------------------------------------------------------------------------
# Progress display: an ipywidgets bar in a notebook, one carriage-return line on stderr in a terminal
# ---------------------------------------------------------------------------------------------------------
def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class _Progress:
    """Shows ``epoch e/E`` and the latest numbers; ``enabled=False`` shows nothing."""

    def __init__(self, total, enabled=True):
        self.total, self.enabled, self.widget = total, enabled, None
        if not enabled:
            return
        if _in_notebook():
            try:
                import ipywidgets as w
                from IPython.display import display
                self.bar = w.IntProgress(value=0, min=0, max=total, description="epoch 0/" + str(total))
                self.label = w.HTML(value="")
                self.widget = w.HBox([self.bar, self.label])
                display(self.widget)
            except ImportError:          # no ipywidgets: fall back to the text line
                self.widget = None

    def update(self, epoch, text):
        if not self.enabled:
            return
        if self.widget is not None:
            self.bar.value = epoch
            self.bar.description = f"epoch {epoch}/{self.total}"
            self.label.value = f"<code>{text}</code>"
        else:
            width = len(str(self.total))
            sys.stderr.write(f"\repoch {epoch:>{width}}/{self.total}  {text}\x1b[K")
            sys.stderr.flush()

    def close(self, text=""):
        if not self.enabled:
            return
        if self.widget is not None:
            self.bar.bar_style = "success"
            if text:
                self.label.value = f"<code>{text}</code>"
        else:
            if text:
                sys.stderr.write(f"  {text}")
            sys.stderr.write("\n")
            sys.stderr.flush()


# ---------------------------------------------------------------------------------------------------------
# The loop
# ---------------------------------------------------------------------------------------------------------
def _eval_loss(model, X, y):
    return float(model.loss(X, y)) if hasattr(model, "loss") else None


def train(model, optimizer, X, y, epochs, batch_size, X_val=None, y_val=None, schedule=None, early_stopping=None,
          rng=None, progress=True) -> History:
    """Train ``model`` by mini-batch gradient descent and record learning curves.

    Each epoch: set ``optimizer.lr = schedule(epoch)`` (epochs counted from 0) when a schedule is given; for
    every mini-batch of a fresh shuffle (:func:`minibatches`), compute ``loss, grads =
    model.loss_and_grads(Xb, yb)`` and call ``optimizer.step(model.params, grads)``; then evaluate the model
    on the training and validation sets (evaluation mode) and append to the :class:`History`. With
    ``early_stopping`` the monitored quantity is the validation loss (the training loss without validation
    data); training stops when it says so, and its best parameters are copied back into ``model.params``
    (in place) at the end.

    Parameters
    ----------
    model : object
        Has ``params``, ``loss_and_grads(X, y)``, ``score(X, y)`` and optionally ``loss(X, y)`` (see the
        module docstring), e.g. :class:`course_utils.mlp.MLP`.
    optimizer : course_utils.optim.Optimizer
        Anything with ``step(params, grads)`` (and an ``lr`` attribute when a schedule is used).
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,)
    epochs : int
        Maximum number of passes over the training data.
    batch_size : int
        Mini-batch size (``n`` for full-batch gradient descent, 1 for pure SGD).
    X_val, y_val : ndarrays, optional
        Validation data, evaluated after each epoch.
    schedule : callable, optional
        ``schedule(epoch) -> lr`` for ``epoch = 0, 1, ...``, e.g.
        ``lambda e: course_utils.optim.step_decay(0.1, e)``.
    early_stopping : course_utils.regularization.EarlyStopping, optional
        A fresh one per run. ``early_stopping.step(loss, model.params)`` is called once per epoch with the
        monitored loss; it keeps a copy of the best parameters, which are copied back into the model's
        arrays (in place) at the end, also when all epochs ran.
    rng : numpy.random.Generator, optional
        Shuffles the mini-batches (None: ``np.random.default_rng(0)``, so runs are reproducible).
        Dropout masks come from the model's own generator.
    progress : bool, default True
        Show progress: a bar in a notebook, a single updating line on stderr in a terminal.

    Returns
    -------
    History
        Per-epoch ``train_loss, batch_loss, train_acc, val_loss, val_acc, lr, epoch_time``, plus
        ``best_epoch``, ``stopped_early`` and ``diverged`` (training stops at the first epoch whose mean
        batch loss is inf or NaN).
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(f"X and y must be non-empty with the same length, got {len(X)} and {len(y)}")
    has_val = X_val is not None and y_val is not None
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if rng is None:
        rng = np.random.default_rng(0)
    epochs = int(epochs)
    history = History()
    bar = _Progress(epochs, enabled=progress)
    summary = ""
    try:
        for epoch in range(epochs):
            if schedule is not None:
                optimizer.lr = float(schedule(epoch))
            t0 = time.perf_counter()
            total, count = 0.0, 0
            for Xb, yb in minibatches(X, y, batch_size, rng):
                loss, grads = model.loss_and_grads(Xb, yb)
                optimizer.step(model.params, grads)
                total += loss * len(yb)
                count += len(yb)
            history.epoch_time.append(time.perf_counter() - t0)
            history.batch_loss.append(total / count)
            history.lr.append(float(getattr(optimizer, "lr", np.nan)))
            tl = _eval_loss(model, X, y)
            history.train_loss.append(tl if tl is not None else total / count)
            history.train_acc.append(float(model.score(X, y)))
            summary = f"loss {history.train_loss[-1]:.4f}  acc {history.train_acc[-1]:.3f}"
            if has_val:
                vl = _eval_loss(model, X_val, y_val)
                history.val_loss.append(vl if vl is not None else np.nan)
                history.val_acc.append(float(model.score(X_val, y_val)))
                summary += f"  val_loss {history.val_loss[-1]:.4f}  val_acc {history.val_acc[-1]:.3f}"
            bar.update(epoch + 1, summary)
            if not np.isfinite(history.batch_loss[-1]):
                history.diverged = True       # inf/NaN parameters only produce warnings from here on
                summary = "stopped: the loss is not finite (learning rate too large?)"
                break
            if early_stopping is not None:
                monitored = history.val_loss[-1] if has_val else history.train_loss[-1]
                if early_stopping.step(monitored, model.params):
                    history.stopped_early = epoch + 1 < epochs
                    break
    finally:
        if early_stopping is not None:
            history.best_epoch = early_stopping.best_epoch
            best = early_stopping.best_params
            if best is not None:          # copy back in place: the optimizer's per-key state stays valid
                for k, v in best.items():
                    model.params[k][...] = v
        bar.close("stopped early" if history.stopped_early else summary if history.diverged else "")
    return history
