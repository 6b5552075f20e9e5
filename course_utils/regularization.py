"""Regularisation helpers: the L2 penalty (weight decay), early stopping and parameter averaging.

Parameter dictionaries follow the ``MLP`` convention: ``{"W1": ..., "b1": ..., "W2": ..., "b2": ...}``.
**Key rule:** a key that starts with ``"W"`` is a weight matrix and is penalised; every other key
(biases ``"b1"``, ``"b2"``, ...) is left alone, since a bias only shifts a unit and does not make the
function more complex.
"""

from __future__ import annotations

import numpy as np

__all__ = ["l2_penalty", "EarlyStopping", "ema_update"]


def _is_weight(key) -> bool:
    return str(key).startswith("W")


def l2_penalty(params, lam):
    """L2 penalty on the weights (weight decay) and its gradient.

    .. math:: R = \\frac{\\lambda}{2} \\sum_{\\ell} \\|W_\\ell\\|_F^2 = \\frac{\\lambda}{2} \\sum_{\\ell} \\sum_{ij} (W_\\ell)_{ij}^2,
              \\qquad \\frac{\\partial R}{\\partial W_\\ell} = \\lambda W_\\ell,
              \\qquad \\frac{\\partial R}{\\partial b_\\ell} = 0

    Only keys starting with ``"W"`` are penalised (see the module docstring).  Add ``R`` to the data
    loss and ``grads`` to the data gradients.  With plain gradient descent the update becomes
    ``W <- (1 - lr*lam) W - lr * dL/dW``: the weights decay towards 0.

    Parameters
    ----------
    params : dict of str -> ndarray
    lam : float >= 0
        Regularisation strength ``lambda``.

    Returns
    -------
    penalty : float
    grads : dict of str -> ndarray
        One entry for **every** key of ``params``: ``lam * W`` for weights, zeros for the rest.
    """
    lam = float(lam)
    if not lam >= 0:
        raise ValueError(f"l2_penalty: lam must be >= 0, got {lam}")
    penalty = 0.0
    grads = {}
    for k, v in params.items():
        v = np.asarray(v)
        if _is_weight(k):
            penalty += 0.5 * lam * float(np.sum(v * v))
            grads[k] = lam * v
        else:
            grads[k] = np.zeros_like(v, dtype=np.result_type(v.dtype, np.float32))
    return penalty, grads


class EarlyStopping:
    """Stop training when the validation loss has stopped improving, and remember the best parameters.

    Call :meth:`step` once per epoch with the validation loss.  A loss counts as an improvement when it
    is lower than ``best_loss - min_delta``; then the parameters are copied and the counter reset.
    Otherwise the counter grows by one, and :meth:`step` returns ``True`` (stop) once ``counter``
    reaches ``patience``, i.e. after ``patience`` consecutive epochs without improvement.  A NaN loss
    is never an improvement.

    Parameters
    ----------
    patience : int >= 1
        Number of consecutive non-improving epochs tolerated.
    min_delta : float >= 0, default 0.0
        Minimum decrease that counts as an improvement.

    Attributes
    ----------
    best_loss : float
        Lowest validation loss seen (``inf`` before the first step).
    best_epoch : int or None
        Index (0-based count of :meth:`step` calls) at which ``best_loss`` was seen.
    best_params : dict of str -> ndarray or None
        Deep copies of the parameters at ``best_epoch`` (not references: later training does not
        change them).
    counter : int
        Consecutive steps without improvement.
    n_steps : int
        Number of :meth:`step` calls so far.
    stopped : bool
        Whether :meth:`step` has returned ``True``.
    """

    def __init__(self, patience, min_delta=0.0):
        if not isinstance(patience, (int, np.integer)) or isinstance(patience, bool) or patience < 1:
            raise ValueError(f"EarlyStopping: patience must be an integer >= 1, got {patience!r}")
        if not float(min_delta) >= 0:
            raise ValueError(f"EarlyStopping: min_delta must be >= 0, got {min_delta!r}")
        self.patience = int(patience)
        self.min_delta = float(min_delta)
        self.best_loss = np.inf
        self.best_epoch = None
        self.best_params = None
        self.counter = 0
        self.n_steps = 0
        self.stopped = False

    def step(self, val_loss, params=None) -> bool:
        """Record one epoch's validation loss; return ``True`` when training should stop.

        Parameters
        ----------
        val_loss : float
        params : dict of str -> ndarray, optional
            The current parameters; copied when this is the best epoch so far.

        Returns
        -------
        bool
            ``True`` once ``patience`` consecutive epochs brought no improvement larger than ``min_delta``.
        """
        val_loss = float(val_loss)
        epoch = self.n_steps
        self.n_steps += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = epoch
            self.best_params = None if params is None else {k: np.array(v, copy=True) for k, v in params.items()}
            self.counter = 0
        else:
            self.counter += 1
        self.stopped = self.counter >= self.patience
        return self.stopped

    def restore(self, params):
        """Copy the best parameters back into ``params`` in place (the arrays keep their identity).

        Parameters
        ----------
        params : dict of str -> ndarray

        Returns
        -------
        params : the same dict
        """
        if self.best_params is None:
            raise RuntimeError("EarlyStopping.restore: no parameters were recorded; pass params to step()")
        for k, v in self.best_params.items():
            params[k][...] = v
        return params

    def __repr__(self):
        return (f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta}, best_loss={self.best_loss:.6g}, "
                f"best_epoch={self.best_epoch}, counter={self.counter})")


def ema_update(avg, params, decay):
    """Exponential moving average of the parameters (Polyak-style averaging), updated in place.

    .. math:: \\bar\\theta_k \\leftarrow \\beta\\, \\bar\\theta_k + (1 - \\beta)\\, \\theta_k

    with ``beta = decay``.  If ``avg`` is empty (or lacks a key), it is initialised with copies of
    ``params``.  Evaluating a network with the averaged weights often generalises better than with
    the last iterate, at no training cost.

    Parameters
    ----------
    avg : dict of str -> ndarray
        The running averages; modified in place (its arrays keep their identity).
    params : dict of str -> ndarray
        The current parameters (not modified).
    decay : float in [0, 1]
        ``beta``: weight of the old average (e.g. 0.99 averages over roughly the last 100 steps).

    Returns
    -------
    avg : the same dict, updated
    """
    decay = float(decay)
    if not 0.0 <= decay <= 1.0:
        raise ValueError(f"ema_update: decay must lie in [0, 1], got {decay}")
    for k, v in params.items():
        if k not in avg:
            avg[k] = np.array(v, dtype=np.result_type(np.asarray(v).dtype, np.float32), copy=True)
        else:
            a = avg[k]
            a *= decay
            a += (1.0 - decay) * np.asarray(v)
    return avg
