"""Heavy-ball momentum on a quadratic, one eigen-direction at a time (lecture 5, section 4).

Along an eigen-direction of the Hessian with curvature ``lam`` the gradient is ``g = lam * w`` and the course's
rule ``v <- beta v + g, w <- w - eta v`` (Polyak 1964, in the form of ``torch.optim.SGD``) becomes the
two-term recurrence

.. math:: w_{t+1} = (1 + \\beta - \\eta\\lambda)\\, w_t - \\beta\\, w_{t-1},

whose solutions are combinations of ``r**t`` for the two roots of the characteristic polynomial

.. math:: r^2 - (1 + \\beta - \\eta\\lambda)\\, r + \\beta = 0 .

Everything depends on ``lam`` and ``eta`` only through the product ``x = eta * lam``, so the functions here take
``x`` (called ``eta_lam``) and ``beta``, broadcasting over arrays of both. The error shrinks per step by the
*rate* ``max |r|`` (the spectral radius of the 2 x 2 iteration matrix); the pair ``(x, beta)`` lies in one of
three regions (Goh 2017, "Why momentum really works", Distill, draws the same picture):

* ``REAL``: two real roots of modulus < 1 (``x <= (1 - sqrt(beta))**2`` or ``x >= (1 + sqrt(beta))**2``):
  the error decays without (small ``x``) or with sign changes (large ``x``);
* ``COMPLEX``: complex roots, ``(1 - sqrt(beta))**2 < x < (1 + sqrt(beta))**2``: both of modulus ``sqrt(beta)``,
  the error spirals in by ``sqrt(beta)`` per step whatever ``x`` is;
* ``DIVERGENT``: a root of modulus >= 1, i.e. ``x <= 0`` or ``x >= 2 (1 + beta)``.

Plain gradient descent is ``beta = 0``: one root ``1 - x``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["REAL", "COMPLEX", "DIVERGENT", "REGIME_NAMES", "momentum_roots", "momentum_rate", "momentum_regime",
           "region_boundaries", "worst_rate", "gd_best_rate", "heavy_ball_best_rate", "steps_to_shrink",
           "momentum_iterates"]

REAL, COMPLEX, DIVERGENT = 0, 1, 2
REGIME_NAMES = {REAL: "real roots", COMPLEX: "complex roots", DIVERGENT: "divergent"}


def _broadcast(eta_lam, beta):
    x, b = np.broadcast_arrays(np.asarray(eta_lam, dtype=np.float64), np.asarray(beta, dtype=np.float64))
    if np.any(b < 0) or np.any(b >= 1) or not np.all(np.isfinite(x)):
        raise ValueError("momentum: beta must lie in [0, 1) and eta * lam must be finite")
    return x, b


def momentum_roots(eta_lam, beta):
    """The two roots of ``r^2 - (1 + beta - eta_lam) r + beta = 0``.

    Parameters
    ----------
    eta_lam : float or ndarray
        ``eta * lam``, the step size times the curvature of the direction.
    beta : float or ndarray in [0, 1)
        Momentum coefficient (broadcast against ``eta_lam``).

    Returns
    -------
    ndarray of complex, shape ``broadcast shape + (2,)``
        The two roots, the one of larger modulus first.
    """
    x, b = _broadcast(eta_lam, beta)
    a = 1.0 + b - x
    disc = np.sqrt((a * a - 4.0 * b).astype(complex))
    # the root of larger modulus without cancellation: (a + sign(a) sqrt(disc)) / 2, the other one beta / it
    big = np.where(a >= 0, a + disc, a - disc) / 2.0
    small = np.divide(b, big, out=np.zeros_like(big), where=big != 0)
    return np.stack([big, small], axis=-1)


def momentum_rate(eta_lam, beta):
    """The rate ``max |r|`` of heavy-ball momentum along a direction: the error's factor per step, asymptotically.

    ``sqrt(beta)`` where the roots are complex, ``(|a| + sqrt(a^2 - 4 beta)) / 2`` with ``a = 1 + beta - eta_lam``
    where they are real; ``>= 1`` means divergence (or, at exactly 1, no decay).

    Parameters
    ----------
    eta_lam, beta : float or ndarray
        As in :func:`momentum_roots`.

    Returns
    -------
    float or ndarray (the broadcast shape)
    """
    x, b = _broadcast(eta_lam, beta)
    a = 1.0 + b - x
    d = a * a - 4.0 * b
    rate = np.where(d < 0, np.sqrt(b), (np.abs(a) + np.sqrt(np.maximum(d, 0.0))) / 2.0)
    return float(rate) if rate.ndim == 0 else rate


def momentum_regime(eta_lam, beta):
    """Which region of the ``(eta * lam, beta)`` plane a pair lies in: ``REAL``, ``COMPLEX`` or ``DIVERGENT``.

    Returns
    -------
    int or ndarray of int
    """
    x, b = _broadcast(eta_lam, beta)
    a = 1.0 + b - x
    regime = np.where(a * a - 4.0 * b < 0, COMPLEX, REAL)
    regime = np.where((x <= 0) | (x >= 2.0 * (1.0 + b)), DIVERGENT, regime)
    return int(regime) if regime.ndim == 0 else regime


def region_boundaries(beta):
    """The ``eta * lam`` values where the region changes at momentum ``beta``.

    Returns
    -------
    dict
        ``complex_from = (1 - sqrt(beta))^2``, ``complex_to = (1 + sqrt(beta))^2`` and
        ``diverge_at = 2 (1 + beta)`` (floats or arrays like ``beta``).
    """
    b = np.asarray(beta, dtype=np.float64)
    s = np.sqrt(b)
    return {"complex_from": (1 - s) ** 2, "complex_to": (1 + s) ** 2, "diverge_at": 2 * (1 + b)}


def worst_rate(eta, beta, lams):
    """The rate of heavy-ball momentum on a quadratic whose Hessian has eigenvalues ``lams``: the slowest direction.

    ``max over lam of momentum_rate(eta * lam, beta)``; ``beta = 0`` is gradient descent, ``max |1 - eta lam|``.

    Parameters
    ----------
    eta : float > 0
    beta : float in [0, 1)
    lams : array_like of positive floats

    Returns
    -------
    float
    """
    lams = np.asarray(lams, dtype=np.float64)
    return float(np.max(momentum_rate(eta * lams, beta)))


def gd_best_rate(kappa):
    """The rate of gradient descent with its best constant step on a quadratic of condition number ``kappa``.

    ``(kappa - 1) / (kappa + 1)``, reached by ``eta = 2 / (lam_min + lam_max)`` (lecture 5, section 4).
    """
    k = np.asarray(kappa, dtype=np.float64)
    if np.any(k < 1):
        raise ValueError("the condition number kappa = lam_max / lam_min is at least 1")
    r = (k - 1.0) / (k + 1.0)
    return float(r) if r.ndim == 0 else r


def heavy_ball_best_rate(kappa):
    """The rate of heavy-ball momentum with its best constant ``(eta, beta)`` on a quadratic: Polyak (1964).

    ``(sqrt(kappa) - 1) / (sqrt(kappa) + 1)``.
    """
    k = np.asarray(kappa, dtype=np.float64)
    if np.any(k < 1):
        raise ValueError("the condition number kappa = lam_max / lam_min is at least 1")
    s = np.sqrt(k)
    r = (s - 1.0) / (s + 1.0)
    return float(r) if r.ndim == 0 else r


def steps_to_shrink(rate, factor=1e6):
    """Steps ``ln(factor) / ln(1 / rate)`` for an error shrinking by ``rate`` per step to fall by ``factor``.

    ``inf`` for ``rate >= 1``, 0 for ``rate == 0``.
    """
    r = np.asarray(rate, dtype=np.float64)
    with np.errstate(divide="ignore"):
        steps = np.where(r >= 1, np.inf, np.log(factor) / -np.log(np.clip(r, 0.0, 1.0)))
    steps = np.where(r <= 0, 0.0, steps)
    return float(steps) if steps.ndim == 0 else steps


def momentum_iterates(eta_lam, beta, n_steps, w0=1.0):
    """``w_0, ..., w_n`` of the course's heavy-ball rule along one direction (``v = 0`` at the start).

    Iterates ``v <- beta v + lam w; w <- w - eta v`` in the scaled form ``u = eta v``:
    ``u <- beta u + eta_lam w; w <- w - u``. A diverging run stops growing (the rest is ``inf`` with the sign
    of the last finite value) once ``|w|`` passes 1e150, without warnings.

    Returns
    -------
    ndarray, shape (n_steps + 1,)
    """
    x, b = float(eta_lam), float(beta)
    w, u = float(w0), 0.0
    out = np.empty(n_steps + 1)
    out[0] = w
    for t in range(1, n_steps + 1):
        if abs(w) > 1e150:
            out[t:] = np.copysign(np.inf, w)
            break
        u = b * u + x * w
        w = w - u
        out[t] = w
    return out
