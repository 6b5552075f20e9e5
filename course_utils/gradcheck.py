"""Gradient checking: compare an analytic gradient with central finite differences.

The central difference

.. math:: \\frac{\\partial f}{\\partial x_j} \\approx \\frac{f(x + h e_j) - f(x - h e_j)}{2h}

has truncation error :math:`O(h^2)` (about ``h**2/6 * f'''``) and rounding error of about
``eps_machine * |f| / h``.  With ``h = 1e-5`` in float64 both are around 1e-10 to 1e-11 for losses of
order one, so a correct gradient agrees to a relative error of about 1e-8 or better, while a real bug
(a missing factor, a wrong sign, a transposed matrix) produces errors of order one.  Always check in
float64: in float32 the rounding error alone is about 1e-2.

Functions
---------
numerical_gradient   central differences over every entry of ``x``
rel_error            CS231n-style relative error ``max |a - b| / max(1e-8, |a| + |b|)``
grad_check_sparse    relative errors at a few random entries (for large arrays)
directional_check    the derivative along one random direction (one pair of evaluations)
check_gradients      a per-parameter report for a dict of parameters (``GradCheckReport``)
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np

__all__ = [
    "DEFAULT_TOL",
    "DEFAULT_ATOL",
    "numerical_gradient",
    "rel_error",
    "grad_check_sparse",
    "directional_check",
    "DirectionalCheck",
    "ParamCheck",
    "GradCheckReport",
    "check_gradients",
]

#: Relative-error threshold of :func:`check_gradients` (float64, smooth functions, ``h = 1e-5``).
DEFAULT_TOL = 1e-6
#: Absolute-error floor of :func:`check_gradients`: entries whose analytic and numerical values are both
#: tiny (e.g. a true gradient of 0, where the numerical one is rounding noise of ~1e-11) are judged on
#: ``|a - n| <= DEFAULT_ATOL`` instead of on a meaningless relative error.
DEFAULT_ATOL = 1e-8


def _scalar(value, where="f"):
    if isinstance(value, tuple):
        raise ValueError(f"{where} returned a tuple; it must return only the loss, e.g. "
                         "lambda x: loss_fn(x)[0] for a function that returns (loss, grad)")
    arr = np.asarray(value)
    if arr.size != 1:
        raise ValueError(f"{where} must return a scalar (the loss), got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def _check_float_array(x, fname):
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{fname}: x must be a NumPy array (it is perturbed in place), got {type(x).__name__}")
    if x.dtype.kind != "f":
        raise TypeError(f"{fname}: x must be a float array (use x.astype(np.float64)); an array of dtype "
                        f"{x.dtype} cannot hold the perturbation x + h")


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Gradient of a scalar function by central differences over every entry of ``x``.

    .. math:: g_j = \\frac{f(x + h e_j) - f(x - h e_j)}{2h}

    ``x`` is perturbed **in place**, one entry at a time, and each entry is restored to its exact
    original value afterwards (also when ``f`` raises), so ``f`` may either use its argument or
    close over the same array (``numerical_gradient(lambda _: loss(W), W)``).  Costs ``2 * x.size``
    evaluations of ``f``: use :func:`grad_check_sparse` for large arrays.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, the function to differentiate (e.g. the loss).
    x : ndarray of float, any shape
        The point; float64 recommended.
    h : float, default 1e-5
        Step size.

    Returns
    -------
    grad : ndarray, same shape as ``x`` (float64)
    """
    _check_float_array(x, "numerical_gradient")
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        old = x[idx].copy()
        try:
            x[idx] = old + h
            f_plus = _scalar(f(x))
            x[idx] = old - h
            f_minus = _scalar(f(x))
        finally:
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def _entrywise_rel(a, b, floor):
    with np.errstate(under="ignore"):
        return np.abs(a - b) / np.maximum(floor, np.abs(a) + np.abs(b))


def rel_error(a, b) -> float:
    """Largest entrywise relative error between two arrays of the same shape.

    .. math:: \\max_j \\frac{|a_j - b_j|}{\\max(10^{-8}, |a_j| + |b_j|)}

    The ``1e-8`` floor keeps the ratio defined where both values are 0 (it is then 0).  Rules of thumb
    in float64 with ``h = 1e-5``: below 1e-7 is correct, 1e-7 to 1e-4 deserves a look (kinks such as
    ReLU at 0, or entries whose true value is 0, can land here), above 1e-4 is almost surely a bug.

    Parameters
    ----------
    a, b : array_like, same shape

    Returns
    -------
    float
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: the arrays have different shapes {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(_entrywise_rel(a, b, 1e-8)))


def _rng(rng):
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, (int, np.integer)):
        return np.random.default_rng(int(rng))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, an int seed or None, got {type(rng).__name__}")
    return rng


def _central(f, x, idx, h):
    old = x[idx].copy()
    try:
        x[idx] = old + h
        f_plus = _scalar(f(x))
        x[idx] = old - h
        f_minus = _scalar(f(x))
    finally:
        x[idx] = old
    return (f_plus - f_minus) / (2 * h)


def grad_check_sparse(f, x, analytic, num_checks=10, rng=None, h=1e-5) -> np.ndarray:
    """Relative errors of an analytic gradient at ``num_checks`` random entries of ``x``.

    For each sampled index ``j`` (with replacement), computes the central difference ``g_j`` as in
    :func:`numerical_gradient` and returns ``|a_j - g_j| / max(1e-8, |a_j| + |g_j|)``.  Only
    ``2 * num_checks`` evaluations of ``f``: the check to use on big weight matrices.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray of float, any shape
        Perturbed in place and restored exactly.
    analytic : array_like, same shape as ``x``
        The gradient to check.
    num_checks : int, default 10
    rng : numpy.random.Generator, int or None
        Chooses the entries; ``None`` means ``np.random.default_rng(0)`` (deterministic).
    h : float, default 1e-5

    Returns
    -------
    errors : ndarray, shape (num_checks,)
        One relative error per sampled entry.
    """
    _check_float_array(x, "grad_check_sparse")
    analytic = np.asarray(analytic, dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(f"grad_check_sparse: the analytic gradient has shape {analytic.shape} but x has shape {x.shape}")
    gen = _rng(rng)
    errors = np.empty(int(num_checks))
    for c in range(int(num_checks)):
        idx = tuple(int(gen.integers(s)) for s in x.shape)
        num = _central(f, x, idx, h)
        errors[c] = _entrywise_rel(np.float64(analytic[idx]), np.float64(num), 1e-8)
    return errors


class DirectionalCheck(NamedTuple):
    """Result of :func:`directional_check`."""

    analytic: float   #: ``grad . u``
    numeric: float    #: ``(f(x + h u) - f(x - h u)) / 2h``
    rel_error: float  #: ``|analytic - numeric| / max(1e-8, |analytic| + |numeric|)``


def directional_check(f, x, grad, rng=None, h=1e-5) -> DirectionalCheck:
    """Compare the directional derivative along a random unit direction ``u``.

    .. math:: \\nabla f(x) \\cdot u \\;\\approx\\; \\frac{f(x + h u) - f(x - h u)}{2h}, \\qquad \\|u\\| = 1

    Two evaluations of ``f`` test every entry of the gradient at once (a wrong entry almost surely
    changes the dot product), which makes this the cheapest sanity check for big models.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray of float, any shape
        Perturbed in place and restored exactly.
    grad : array_like, same shape as ``x``
        The analytic gradient.
    rng : numpy.random.Generator, int or None
        Draws ``u`` (Gaussian, normalised); ``None`` means ``np.random.default_rng(0)``.
    h : float, default 1e-5

    Returns
    -------
    DirectionalCheck
        ``(analytic, numeric, rel_error)``.
    """
    _check_float_array(x, "directional_check")
    grad = np.asarray(grad, dtype=np.float64)
    if grad.shape != x.shape:
        raise ValueError(f"directional_check: grad has shape {grad.shape} but x has shape {x.shape}")
    u = _rng(rng).standard_normal(x.shape)
    u /= np.linalg.norm(u)
    saved = x.copy()
    try:
        x += h * u
        f_plus = _scalar(f(x))
        x[...] = saved
        x -= h * u
        f_minus = _scalar(f(x))
    finally:
        x[...] = saved
    numeric = (f_plus - f_minus) / (2 * h)
    analytic = float(np.sum(grad * u))
    err = float(_entrywise_rel(np.float64(analytic), np.float64(numeric), 1e-8))
    return DirectionalCheck(analytic, numeric, err)


# ------------------------------------------------------------------------------- check_gradients
@dataclass
class ParamCheck:
    """The check of one parameter array inside a :class:`GradCheckReport`."""

    name: str
    shape: tuple
    max_rel_error: float          #: worst entrywise relative error (see :func:`check_gradients`)
    index: tuple | None           #: where it occurs
    analytic: float               #: analytic gradient at ``index``
    numeric: float                #: numerical gradient at ``index``
    passed: bool
    hint: str = ""                #: a diagnosis when the check failed (factor, sign, transpose, ...)
    n_checked: int = 0            #: number of entries compared


@dataclass
class GradCheckReport:
    """Per-parameter results of :func:`check_gradients`; prints as a table.

    Attributes
    ----------
    rows : list of ParamCheck
    tol, atol : float
        The thresholds used.
    passed : bool
        True when every parameter passed.
    failed : list of str
        Names of the parameters whose gradient is wrong.
    """

    rows: list = field(default_factory=list)
    tol: float = DEFAULT_TOL
    atol: float = DEFAULT_ATOL

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rows)

    @property
    def failed(self) -> list:
        return [r.name for r in self.rows if not r.passed]

    def __getitem__(self, name) -> ParamCheck:
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(name)

    def _cells(self):
        out = []
        for r in self.rows:
            idx = "" if r.index is None else str(tuple(int(i) for i in r.index))
            num = lambda v: "" if v is None or not np.isfinite(v) else f"{v:.6g}"
            err = "" if not np.isfinite(r.max_rel_error) else f"{r.max_rel_error:.2e}"
            out.append([r.name, str(tuple(r.shape)), err, idx, num(r.analytic), num(r.numeric),
                        "ok" if r.passed else "WRONG", r.hint])
        return out

    _HEAD = ["parameter", "shape", "max rel. error", "at index", "analytic", "numerical", "status", "hint"]

    def _summary(self):
        if self.passed:
            return f"All {len(self.rows)} gradients agree with central differences (tol {self.tol:g})."
        return ("Gradient check FAILED for " + ", ".join(self.failed)
                + f" (relative error above {self.tol:g}); look at the backward pass of "
                + ("this parameter." if len(self.failed) == 1 else "these parameters."))

    def __str__(self):
        rows = self._cells()
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(self._HEAD)]
        fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
        lines = [fmt(self._HEAD), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
        return "\n".join(lines + ["", self._summary()])

    def __repr__(self):
        return f"<GradCheckReport passed={self.passed} failed={self.failed}>"

    def _repr_html_(self):
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self._HEAD)
        body = []
        for r, cells in zip(self.rows, self._cells()):
            style = "" if r.passed else ' style="background:#fde2e2"'
            body.append(f"<tr{style}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
                f"<p>{html.escape(self._summary())}</p>")


def _diagnose(a, n):
    """A short hint explaining how ``a`` (analytic) differs from ``n`` (numeric), or ''."""
    if not np.all(np.isfinite(a)):
        return "analytic gradient contains NaN or inf"
    na, nn = float(np.linalg.norm(a)), float(np.linalg.norm(n))
    if nn == 0.0:
        return "numerical gradient is 0 here: does the loss depend on this parameter?"
    if na == 0.0:
        return "analytic gradient is all zeros"
    c = float(np.sum(a * n)) / nn**2          # least-squares fit a ~ c * n
    if np.linalg.norm(a - c * n) <= 1e-3 * na:
        if abs(c + 1) < 1e-3:
            return "sign flipped: analytic = -numerical"
        if abs(c - 1) > 1e-3:
            factor = f"{c:.4g}" if abs(c) >= 1 else f"1/{1 / c:.4g}"
            return f"off by a constant factor: analytic = {factor} x numerical"
    if a.ndim == 2 and a.shape[0] == a.shape[1] and np.linalg.norm(a.T - n) <= 1e-3 * nn:
        return "looks transposed: analytic.T matches"
    return ""


def check_gradients(loss_fn, params, grads, h=1e-5, tol=DEFAULT_TOL, atol=DEFAULT_ATOL,
                    num_checks=None, rng=None) -> GradCheckReport:
    """Check the analytic gradients of every parameter of a model against central differences.

    For each key ``k`` of ``params`` the numerical gradient of ``loss_fn(params)`` with respect to
    ``params[k]`` is computed (every entry, or ``num_checks`` random entries) and compared with
    ``grads[k]`` entrywise by

    .. math:: e_j = \\frac{|a_j - n_j|}{\\max(|a_j| + |n_j|,\\ \\mathrm{atol} / \\mathrm{tol})}

    A parameter passes when ``max_j e_j <= tol``, i.e. when every entry satisfies
    ``|a_j - n_j| <= max(tol * (|a_j| + |n_j|), atol)``.  Defaults: ``tol = 1e-6`` and
    ``atol = 1e-8``, right for float64 and smooth losses of order one with ``h = 1e-5`` (a correct
    gradient scores ~1e-9 or less; a bug scores ~1e-1).  The floor keeps entries whose true gradient is
    0 (numerical value = rounding noise of ~1e-11) from failing.  ReLU kinks exactly at a perturbed
    point can still fail a correct gradient; nudge the inputs away from 0 in such tests.

    ``params`` is perturbed in place and restored exactly.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(params) -> float``.
    params : dict of str -> ndarray of float
    grads : dict of str -> ndarray
        Analytic gradients, same keys and shapes as ``params``.
    h : float, default 1e-5
    tol, atol : float
        Thresholds, see above.
    num_checks : int or None
        If given, check only this many random entries per parameter (for big models).
    rng : numpy.random.Generator, int or None
        Chooses the entries when ``num_checks`` is given; ``None`` means seed 0.

    Returns
    -------
    GradCheckReport
        ``.passed``, ``.failed``, ``report["W1"]``, ``print(report)`` for the table.
    """
    report = GradCheckReport(tol=tol, atol=atol)
    floor = atol / tol
    gen = _rng(rng)
    f = lambda _x: loss_fn(params)
    for name, x in params.items():
        x_arr = np.asarray(x)
        shape = x_arr.shape
        if name not in grads:
            report.rows.append(ParamCheck(name, shape, np.inf, None, None, None, False,
                                          "no gradient given for this parameter"))
            continue
        a = np.asarray(grads[name], dtype=np.float64)
        if a.shape != shape:
            hint = f"gradient has shape {a.shape}, parameter has shape {shape}"
            if a.shape == shape[::-1]:
                hint += " (transposed?)"
            report.rows.append(ParamCheck(name, shape, np.inf, None, None, None, False, hint))
            continue
        _check_float_array(x, f"check_gradients (params[{name!r}])")
        if num_checks is None:
            idxs = list(np.ndindex(shape))
        else:
            idxs = [tuple(int(gen.integers(s)) for s in shape) for _ in range(int(num_checks))]
        num = np.array([_central(f, x, idx, h) for idx in idxs])
        ana = np.array([a[idx] for idx in idxs], dtype=np.float64)
        if len(idxs) == 0:
            report.rows.append(ParamCheck(name, shape, 0.0, None, None, None, True, "", 0))
            continue
        with np.errstate(invalid="ignore"):
            errs = _entrywise_rel(ana, num, floor)
        errs = np.where(np.isfinite(errs), errs, np.inf)
        worst = int(np.argmax(errs))
        passed = bool(errs[worst] <= tol)
        if passed:
            hint = ""
        elif num_checks is None:
            hint = _diagnose(ana.reshape(shape), num.reshape(shape))
        else:
            hint = _diagnose(ana, num)
        report.rows.append(ParamCheck(name, shape, float(errs[worst]), idxs[worst], float(ana[worst]),
                                      float(num[worst]), passed, hint, len(idxs)))
    return report
