"""Gradient-based optimizers and learning-rate schedules, following PyTorch's ``torch.optim`` conventions.

Two layers, one set of update rules:

* **Per-array update functions** (:func:`sgd_update`, :func:`momentum_update`, :func:`adagrad_update`,
  :func:`rmsprop_update`, :func:`adam_update`) are pure: they take a parameter array ``w``, its gradient
  ``g = ∂L/∂w`` and the optimizer's state, and *return* the new parameter and the new state without
  modifying their arguments. They show the rule in a few lines and are what the exercises compare against.
* **Optimizer classes** (:class:`SGD`, :class:`Momentum`, :class:`AdaGrad`, :class:`RMSProp`, :class:`Adam`)
  apply the same rules to every array of a parameter dictionary, **in place**, keeping their state (velocity,
  square averages, step counts) per key. ``opt.lr`` is a plain attribute, so a schedule may change it
  between steps or epochs.

Every rule, default and the place of ``eps`` is exactly that of ``torch.optim`` (``dampening=0``,
``weight_decay=0``, no AMSGrad, no centering), so results can be compared number for number with the
framework students meet next. Notation: ``w`` parameter, ``g`` gradient, ``η`` (``lr``) learning rate,
``t = 1, 2, ...`` the step number, all operations element-wise.

Schedules (:func:`step_decay`, :func:`exponential_decay`, :func:`inverse_time_decay`) map an epoch number to
a learning rate; pass e.g. ``schedule=lambda epoch: step_decay(0.1, epoch)`` to
:func:`course_utils.training.train`.
"""
from __future__ import annotations

import math

import numpy as np

__all__ = [
    "sgd_update",
    "momentum_update",
    "adagrad_update",
    "rmsprop_update",
    "adam_update",
    "Optimizer",
    "SGD",
    "Momentum",
    "AdaGrad",
    "RMSProp",
    "Adam",
    "step_decay",
    "exponential_decay",
    "inverse_time_decay",
]


def _zeros_if_none(state, w):
    """``state`` as an array, or zeros like ``w`` (float64 for integer ``w``) when it is None."""
    if state is not None:
        return np.asarray(state)
    dtype = w.dtype if np.issubdtype(w.dtype, np.floating) else np.float64
    return np.zeros(w.shape, dtype=dtype)


# ---------------------------------------------------------------------------------------------------------
# Per-array update functions (pure: they return new arrays and never modify their arguments)
# ---------------------------------------------------------------------------------------------------------
def sgd_update(w, dw, lr):
    """One step of (stochastic) gradient descent.

    ``w ← w − η g``

    Parameters
    ----------
    w : ndarray of any shape
        Current parameter.
    dw : ndarray, same shape as ``w``
        Gradient ``g = ∂L/∂w`` at ``w``.
    lr : float
        Learning rate ``η``.

    Returns
    -------
    w_new : ndarray, same shape as ``w``
        The updated parameter (a new array).
    """
    return np.asarray(w) - lr * np.asarray(dw)


def momentum_update(w, dw, v, lr, beta=0.9, nesterov=False):
    """One step of gradient descent with (heavy-ball or Nesterov) momentum, PyTorch's ``SGD(momentum=β)``.

    Heavy ball (Polyak 1964)::

        v ← β v + g
        w ← w − η v

    Nesterov (Nesterov 1983, in the form of Sutskever et al. 2013 used by PyTorch)::

        v ← β v + g
        w ← w − η (g + β v)

    The velocity ``v`` starts at zero, so the first step is a plain gradient step ``w − η g``.
    (Some texts write ``v ← β v − η g; w ← w + v``; with a constant ``η`` this is the same trajectory with
    ``v`` scaled by ``−η``.)

    Parameters
    ----------
    w : ndarray of any shape
        Current parameter.
    dw : ndarray, same shape as ``w``
        Gradient ``g``.
    v : ndarray, same shape as ``w``, or None
        Velocity (momentum buffer); ``None`` means zeros (the first step).
    lr : float
        Learning rate ``η``.
    beta : float, default 0.9
        Momentum coefficient ``β`` in [0, 1).
    nesterov : bool, default False
        Use Nesterov's look-ahead form.

    Returns
    -------
    w_new : ndarray, same shape as ``w``
    v_new : ndarray, same shape as ``w``
        The updated parameter and velocity (new arrays).
    """
    w, g = np.asarray(w), np.asarray(dw)
    v_new = beta * _zeros_if_none(v, w) + g
    step = g + beta * v_new if nesterov else v_new
    return w - lr * step, v_new


def adagrad_update(w, dw, cache, lr, eps=1e-10):
    """One AdaGrad step (Duchi, Hazan & Singer 2011), PyTorch's ``Adagrad`` (no learning-rate decay).

    ::

        G ← G + g²
        w ← w − η g / (√G + ε)

    ``G`` (``cache``) is the running sum of squared gradients, starting at zero; ``ε`` is added *after* the
    square root. Each coordinate's effective step ``η / √G`` shrinks as its gradients accumulate.

    Parameters
    ----------
    w : ndarray of any shape
    dw : ndarray, same shape as ``w``
        Gradient ``g``.
    cache : ndarray, same shape as ``w``, or None
        Sum of squared gradients ``G``; ``None`` means zeros.
    lr : float
        Learning rate ``η``.
    eps : float, default 1e-10
        ``ε``, guards the division.

    Returns
    -------
    w_new, cache_new : ndarrays, same shape as ``w``
    """
    w, g = np.asarray(w), np.asarray(dw)
    G = _zeros_if_none(cache, w) + g * g
    return w - lr * g / (np.sqrt(G) + eps), G


def rmsprop_update(w, dw, cache, lr, alpha=0.99, eps=1e-8):
    """One RMSProp step (Tieleman & Hinton 2012), PyTorch's ``RMSprop`` (not centered, no momentum).

    ::

        s ← α s + (1 − α) g²
        w ← w − η g / (√s + ε)

    ``s`` (``cache``) is an exponential moving average of squared gradients, starting at zero; ``ε`` is added
    *after* the square root. Unlike AdaGrad, old gradients are forgotten, so the step does not die out.

    Parameters
    ----------
    w : ndarray of any shape
    dw : ndarray, same shape as ``w``
        Gradient ``g``.
    cache : ndarray, same shape as ``w``, or None
        Square average ``s``; ``None`` means zeros.
    lr : float
        Learning rate ``η``.
    alpha : float, default 0.99
        Decay rate ``α`` of the square average.
    eps : float, default 1e-8

    Returns
    -------
    w_new, cache_new : ndarrays, same shape as ``w``
    """
    w, g = np.asarray(w), np.asarray(dw)
    s = alpha * _zeros_if_none(cache, w) + (1 - alpha) * (g * g)
    return w - lr * g / (np.sqrt(s) + eps), s


def adam_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step with bias correction (Kingma & Ba 2015), PyTorch's ``Adam``.

    ::

        m ← β₁ m + (1 − β₁) g              first moment (mean of g)
        v ← β₂ v + (1 − β₂) g²             second moment (mean of g²)
        m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   bias correction (m and v start at zero)
        w ← w − η m̂ / (√v̂ + ε)

    ``ε`` is added *after* the square root of the bias-corrected ``v̂`` (PyTorch's and the paper's choice).
    At ``t = 1`` the step is ``η g / (|g| + ε)``: about ``η`` in every coordinate whatever the gradient's scale.

    Parameters
    ----------
    w : ndarray of any shape
    dw : ndarray, same shape as ``w``
        Gradient ``g``.
    m, v : ndarrays, same shape as ``w``, or None
        First and second moment estimates before this step; ``None`` means zeros.
    t : int
        The number of this step, **starting at 1** (it enters the bias correction).
    lr : float, default 1e-3
        Learning rate ``η``.
    beta1, beta2 : float, default 0.9, 0.999
        Decay rates of the moment estimates.
    eps : float, default 1e-8

    Returns
    -------
    w_new, m_new, v_new : ndarrays, same shape as ``w``
    """
    if t < 1:
        raise ValueError(f"the Adam step number t starts at 1, got {t}")
    w, g = np.asarray(w), np.asarray(dw)
    m_new = beta1 * _zeros_if_none(m, w) + (1 - beta1) * g
    v_new = beta2 * _zeros_if_none(v, w) + (1 - beta2) * (g * g)
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


# ---------------------------------------------------------------------------------------------------------
# Optimizer classes (in place, state per key)
# ---------------------------------------------------------------------------------------------------------
class Optimizer:
    """Base class: ``step(params, grads)`` updates every array of ``params`` in place.

    ``params`` and ``grads`` are dictionaries with the same keys (e.g. ``"W1", "b1", ...``) whose values are
    float arrays of matching shapes; only keys of ``params`` are updated. The optimizer keeps its state
    (``self.state[key]``) per key, created at the first step that sees the key, so one optimizer must be used
    with one model. ``lr`` is a plain attribute: set ``opt.lr = ...`` to follow a schedule.
    :meth:`reset` forgets the state.

    Attributes
    ----------
    lr : float
        The learning rate ``η`` used by the next step.
    state : dict
        Per-key state (buffers and, for Adam, the step count ``t``).
    """

    def __init__(self, lr):
        if not (isinstance(lr, (int, float, np.floating, np.integer)) and lr >= 0):
            raise ValueError(f"the learning rate must be a non-negative number, got {lr!r}")
        self.lr = float(lr)
        self.state: dict = {}

    def reset(self):
        """Forget all state (velocities, averages, step counts), as if no step had been taken."""
        self.state.clear()

    def _state_for(self, key, w):
        """The state for ``key``, created (and the array checked) the first time ``key`` is seen."""
        st = self.state.get(key)
        if st is None:
            if not isinstance(w, np.ndarray) or not np.issubdtype(w.dtype, np.floating):
                raise TypeError(f"params[{key!r}] must be a float ndarray (updated in place), got "
                                f"{type(w).__name__}{'' if not isinstance(w, np.ndarray) else ' of ' + str(w.dtype)}")
            st = self.state[key] = self._init_state(w)
        return st

    def _init_state(self, w):
        return {"buf": np.empty_like(w)}

    def step(self, params, grads):
        """Apply one update to every array of ``params``, in place, using ``grads``.

        Parameters
        ----------
        params : dict of str -> ndarray
            Parameters, modified in place.
        grads : dict of str -> ndarray
            Gradients ``∂L/∂params[key]``, same keys and shapes (not modified).
        """
        for key, w in params.items():
            st = self._state_for(key, w)
            g = grads[key]
            if g.shape != w.shape:
                raise ValueError(f"grads[{key!r}] has shape {g.shape} but params[{key!r}] has shape {w.shape}")
            self._update(w, g, st)

    def _update(self, w, g, st):  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self):
        hyper = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "state")
        return f"{type(self).__name__}({hyper})"


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: ``w ← w − η g`` for every array (see :func:`sgd_update`).

    Parameters
    ----------
    lr : float
        Learning rate ``η``.
    """

    def _update(self, w, g, st):
        buf = st["buf"]
        np.multiply(g, self.lr, out=buf)
        w -= buf


class Momentum(Optimizer):
    """Gradient descent with momentum, PyTorch's ``SGD(lr, momentum=beta, nesterov=...)``.

    Per array, with velocity ``v`` starting at zero (see :func:`momentum_update`)::

        v ← β v + g
        w ← w − η v              (heavy ball, Polyak 1964)
        w ← w − η (g + β v)      (nesterov=True, Nesterov 1983)

    Parameters
    ----------
    lr : float
        Learning rate ``η``.
    beta : float, default 0.9
        Momentum coefficient ``β`` in [0, 1).
    nesterov : bool, default False
        Use Nesterov momentum.
    """

    def __init__(self, lr, beta=0.9, nesterov=False):
        super().__init__(lr)
        if not 0 <= beta < 1:
            raise ValueError(f"beta must be in [0, 1), got {beta}")
        self.beta = float(beta)
        self.nesterov = bool(nesterov)

    def _init_state(self, w):
        return {"v": np.zeros_like(w), "buf": np.empty_like(w)}

    def _update(self, w, g, st):
        v, buf = st["v"], st["buf"]
        v *= self.beta
        v += g
        if self.nesterov:
            np.multiply(v, self.beta, out=buf)
            buf += g
            buf *= self.lr
        else:
            np.multiply(v, self.lr, out=buf)
        w -= buf


class AdaGrad(Optimizer):
    """AdaGrad (Duchi et al. 2011), PyTorch's ``Adagrad`` with ``lr_decay=0``.

    Per array, with ``G`` starting at zero (see :func:`adagrad_update`)::

        G ← G + g²
        w ← w − η g / (√G + ε)

    Parameters
    ----------
    lr : float
        Learning rate ``η`` (PyTorch's default is 0.01).
    eps : float, default 1e-10
        Added after the square root.
    """

    def __init__(self, lr, eps=1e-10):
        super().__init__(lr)
        self.eps = float(eps)

    def _init_state(self, w):
        return {"G": np.zeros_like(w), "buf": np.empty_like(w)}

    def _update(self, w, g, st):
        G, buf = st["G"], st["buf"]
        np.multiply(g, g, out=buf)
        G += buf
        np.sqrt(G, out=buf)
        buf += self.eps
        np.divide(g, buf, out=buf)
        buf *= self.lr
        w -= buf


class RMSProp(Optimizer):
    """RMSProp (Tieleman & Hinton 2012), PyTorch's ``RMSprop`` (not centered, no momentum).

    Per array, with ``s`` starting at zero (see :func:`rmsprop_update`)::

        s ← α s + (1 − α) g²
        w ← w − η g / (√s + ε)

    Parameters
    ----------
    lr : float
        Learning rate ``η`` (PyTorch's default is 0.01).
    alpha : float, default 0.99
        Decay rate of the square average.
    eps : float, default 1e-8
        Added after the square root.
    """

    def __init__(self, lr, alpha=0.99, eps=1e-8):
        super().__init__(lr)
        if not 0 <= alpha < 1:
            raise ValueError(f"alpha must be in [0, 1), got {alpha}")
        self.alpha = float(alpha)
        self.eps = float(eps)

    def _init_state(self, w):
        return {"s": np.zeros_like(w), "buf": np.empty_like(w)}

    def _update(self, w, g, st):
        s, buf = st["s"], st["buf"]
        s *= self.alpha
        np.multiply(g, g, out=buf)
        buf *= 1 - self.alpha
        s += buf
        np.sqrt(s, out=buf)
        buf += self.eps
        np.divide(g, buf, out=buf)
        buf *= self.lr
        w -= buf


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias correction, PyTorch's ``Adam`` (no AMSGrad, no weight decay).

    Per array, with ``m = v = 0`` and the step count ``t`` starting at 0 (see :func:`adam_update`)::

        t ← t + 1
        m ← β₁ m + (1 − β₁) g
        v ← β₂ v + (1 − β₂) g²
        w ← w − η m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)

    Parameters
    ----------
    lr : float, default 1e-3
        Learning rate ``η``.
    beta1, beta2 : float, default 0.9, 0.999
        Decay rates of the first and second moment estimates.
    eps : float, default 1e-8
        Added after the square root of ``v̂``.
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        for name, b in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= b < 1:
                raise ValueError(f"{name} must be in [0, 1), got {b}")
        self.beta1 = float(beta1)
        self.beta2 = float(beta2)
        self.eps = float(eps)

    def _init_state(self, w):
        return {"t": 0, "m": np.zeros_like(w), "v": np.zeros_like(w), "buf": np.empty_like(w)}

    def _update(self, w, g, st):
        st["t"] = t = st["t"] + 1
        m, v, buf = st["m"], st["v"], st["buf"]
        b1, b2 = self.beta1, self.beta2
        m *= b1
        np.multiply(g, 1 - b1, out=buf)
        m += buf
        v *= b2
        np.multiply(g, g, out=buf)
        buf *= 1 - b2
        v += buf
        # η m̂ / (√v̂ + ε) = [η √(1 − β₂ᵗ) / (1 − β₁ᵗ)] · m / (√v + ε √(1 − β₂ᵗ)): the same number with
        # two fewer passes over the array (Kingma & Ba 2015, end of section 2).
        c2 = math.sqrt(1 - b2 ** t)
        np.sqrt(v, out=buf)
        buf += self.eps * c2
        np.divide(m, buf, out=buf)
        buf *= self.lr * c2 / (1 - b1 ** t)
        w -= buf


# ---------------------------------------------------------------------------------------------------------
# Learning-rate schedules: epoch -> learning rate
# ---------------------------------------------------------------------------------------------------------
def step_decay(lr0, epoch, drop=0.5, every=10):
    """Step decay: multiply the learning rate by ``drop`` every ``every`` epochs.

    ``η(epoch) = η₀ · drop^⌊epoch / every⌋``

    Parameters
    ----------
    lr0 : float
        Initial learning rate ``η₀`` (used for epochs ``0 .. every−1``).
    epoch : int or ndarray of ints
        Epoch number, counted from 0.
    drop : float, default 0.5
        Factor applied at each drop.
    every : int, default 10
        Epochs between drops.

    Returns
    -------
    float or ndarray (same shape as ``epoch``)
    """
    if every <= 0:
        raise ValueError(f"every must be positive, got {every}")
    out = lr0 * np.power(float(drop), np.floor_divide(epoch, every))
    return float(out) if np.ndim(out) == 0 else out


def exponential_decay(lr0, epoch, k):
    """Exponential decay: ``η(epoch) = η₀ · exp(−k · epoch)``.

    Parameters
    ----------
    lr0 : float
        Initial learning rate ``η₀`` (at epoch 0).
    epoch : int, float or ndarray
        Epoch number, counted from 0.
    k : float
        Decay rate (per epoch), ``k ≥ 0``.

    Returns
    -------
    float or ndarray (same shape as ``epoch``)
    """
    out = lr0 * np.exp(-k * np.asarray(epoch, dtype=np.float64))
    return float(out) if np.ndim(out) == 0 else out


def inverse_time_decay(lr0, epoch, k):
    """Inverse-time ("1/t") decay: ``η(epoch) = η₀ / (1 + k · epoch)``.

    Parameters
    ----------
    lr0 : float
        Initial learning rate ``η₀`` (at epoch 0).
    epoch : int, float or ndarray
        Epoch number, counted from 0.
    k : float
        Decay rate, ``k ≥ 0``.

    Returns
    -------
    float or ndarray (same shape as ``epoch``)
    """
    out = lr0 / (1.0 + k * np.asarray(epoch, dtype=np.float64))
    return float(out) if np.ndim(out) == 0 else out
