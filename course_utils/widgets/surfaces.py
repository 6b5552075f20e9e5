"""Two-dimensional loss surfaces and the optimisation paths the widgets draw on them.

Everything here is pure NumPy: a surface knows its value ``C(w)``, its gradient ``∇C(w)`` and its Hessian
``H(w)``; :func:`gradient_descent_path` and :func:`optimizer_path` return the iterates ``w_0, w_1, ...``.
The widgets only draw what these functions compute, so the tests can check the maths without a screen.

The surfaces
------------
``two_weight``
    The two-weight network of the DTU lecture (a linear unit ``h = w1 x`` feeding ``y = w2 h``, one data
    point ``x = 1, t = 1.5`` and a little weight decay):
    ``C(w1, w2) = (w1 w2 − 1.5)² + 0.04 (w1² + w2²)``.
    Its minima are ``±(√1.46, √1.46)`` and the Hessian there has eigenvalues 5.84 and 0.16, so gradient
    descent is stable only for ``η < 2/5.84 ≈ 0.342``: from the default start ``(1.5, 0.5)`` a step of
    0.25 decreases the loss at every step but crawls along the flat valley (the slow direction shrinks by
    only ``1 − 0.25·0.16 = 0.96`` per step), while 0.35 overshoots across the valley and keeps oscillating.
    The origin is a saddle point.
``quadratic``
    An ill-conditioned quadratic bowl ``C(w) = ½ (w − c)ᵀ A (w − c)`` with ``A = R diag(10, 1) Rᵀ``
    (a rotation by 30°), minimum ``c = (0, 0)``. Gradient descent converges exactly when ``η < 2/λ_max = 0.2``
    and the error along each eigenvector is multiplied by ``1 − η λ_i`` per step.
``banana``
    A Rosenbrock-type valley ``C(w) = (1 − w1)² + 10 (w2 − w1²)²``, minimum ``(1, 1)``: the curved valley
    floor is easy to reach and slow to follow.
``saddle``
    ``C(w) = ½ w1² + ¼ w2⁴ − ½ w2²``: a saddle at the origin (Hessian ``diag(1, −1)``) between two minima
    ``(0, ±1)``. Started almost on the ridge, gradient descent stalls near the saddle before escaping
    (Dauphin et al. 2014: in high dimensions saddles, not local minima, are what slows training).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

__all__ = [
    "Surface", "TwoWeight", "IllConditionedQuadratic", "Banana", "Saddle", "SURFACES", "get_surface",
    "gradient_descent_path", "optimizer_path", "Trajectory", "DIVERGENCE_NORM",
]

#: An iterate whose largest coordinate exceeds this is called divergent and the path stops there.
DIVERGENCE_NORM = 1e6


@dataclass(frozen=True)
class Surface:
    """A smooth function of two weights with its gradient and Hessian (base class).

    Subclasses implement :meth:`_value`, :meth:`_grad` and :meth:`_hess` on the two coordinate arrays;
    the public methods accept ``w`` of shape ``(..., 2)`` and broadcast over the leading axes.
    """

    name: str = ""
    title: str = ""
    formula: str = ""
    xlim: tuple = (-2.0, 2.0)
    ylim: tuple = (-2.0, 2.0)
    start: tuple = (1.0, 1.0)
    minima: tuple = ()
    default_lr: float = 0.1
    default_steps: int = 50

    def value(self, w):
        """The loss ``C(w)``.

        Parameters
        ----------
        w : array_like of shape (..., 2)

        Returns
        -------
        ndarray of shape (...) (a float for a single point)
        """
        w = np.asarray(w, dtype=np.float64)
        return self._value(w[..., 0], w[..., 1])

    def gradient(self, w):
        """The gradient ``∇C(w) = (∂C/∂w1, ∂C/∂w2)``.

        Parameters
        ----------
        w : array_like of shape (..., 2)

        Returns
        -------
        ndarray of shape (..., 2)
        """
        w = np.asarray(w, dtype=np.float64)
        if w.shape == (2,):  # one point (what every optimisation step asks for): plain float arithmetic
            return np.array(self._grad(float(w[0]), float(w[1])), dtype=np.float64)
        g1, g2 = self._grad(w[..., 0], w[..., 1])
        return np.stack(np.broadcast_arrays(g1, g2), axis=-1)

    def hessian(self, w):
        """The Hessian ``H_ij = ∂²C/∂w_i∂w_j``.

        Parameters
        ----------
        w : array_like of shape (..., 2)

        Returns
        -------
        ndarray of shape (..., 2, 2), symmetric
        """
        w = np.asarray(w, dtype=np.float64)
        h11, h12, h22 = np.broadcast_arrays(*self._hess(w[..., 0], w[..., 1]))
        row1 = np.stack([h11, h12], axis=-1)
        row2 = np.stack([h12, h22], axis=-1)
        return np.stack([row1, row2], axis=-2)

    def lambda_max(self):
        """Largest Hessian eigenvalue over the minima (``2/λ_max`` is the stability limit of plain GD)."""
        return max(float(np.linalg.eigvalsh(self.hessian(m)).max()) for m in self.minima)

    def grid(self, n=120):
        """Loss on an ``n × n`` grid over the plotting box: ``(W1, W2, C)``, each of shape (n, n)."""
        w1 = np.linspace(*self.xlim, n)
        w2 = np.linspace(*self.ylim, n)
        W1, W2 = np.meshgrid(w1, w2)
        return W1, W2, self._value(W1, W2)

    # subclasses -------------------------------------------------------------------------------------
    def _value(self, x, y):  # pragma: no cover - abstract
        raise NotImplementedError

    def _grad(self, x, y):  # pragma: no cover - abstract
        raise NotImplementedError

    def _hess(self, x, y):  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class TwoWeight(Surface):
    """``C(w1, w2) = (w1 w2 − t)² + λ (w1² + w2²)`` with ``t = 1.5``, ``λ = 0.04`` (the DTU lecture's example).

    Gradient: ``∂C/∂w1 = 2 (w1 w2 − t) w2 + 2λ w1`` and symmetrically for ``w2``.
    Hessian: ``[[2 w2² + 2λ, 2(2 w1 w2 − t)], [2(2 w1 w2 − t), 2 w1² + 2λ]]``.
    Minima ``±(a, a)`` with ``a² = t − λ = 1.46``; there ``H = [[3, 2.84], [2.84, 3]]`` with
    eigenvalues 5.84 (across the valley) and 0.16 (along it).
    """

    name: str = "two_weight"
    title: str = "Two-weight network: (w1·w2 − 1.5)² + 0.04·(w1² + w2²)"
    formula: str = "C(w1, w2) = (w1 w2 − 1.5)² + 0.04 (w1² + w2²)"
    xlim: tuple = (-0.5, 2.5)
    ylim: tuple = (-0.5, 2.5)
    start: tuple = (1.5, 0.5)
    minima: tuple = ((np.sqrt(1.46), np.sqrt(1.46)), (-np.sqrt(1.46), -np.sqrt(1.46)))
    default_lr: float = 0.25
    target: float = 1.5
    decay: float = 0.04

    def _value(self, x, y):
        return (x * y - self.target) ** 2 + self.decay * (x * x + y * y)

    def _grad(self, x, y):
        r = x * y - self.target
        return 2 * r * y + 2 * self.decay * x, 2 * r * x + 2 * self.decay * y

    def _hess(self, x, y):
        return 2 * y * y + 2 * self.decay, 2 * (2 * x * y - self.target), 2 * x * x + 2 * self.decay


def _rotation(deg):
    a = np.deg2rad(deg)
    return np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])


@dataclass(frozen=True)
class IllConditionedQuadratic(Surface):
    """``C(w) = ½ (w − c)ᵀ A (w − c)`` with ``A = R(θ) diag(λ1, λ2) R(θ)ᵀ``.

    Gradient ``A (w − c)``, Hessian ``A`` everywhere. Defaults: ``λ = (10, 1)``, ``θ = 30°``, ``c = 0``;
    gradient descent converges iff ``0 < η < 2/λ1 = 0.2`` and the condition number ``λ1/λ2 = 10`` sets
    how slowly the flat direction converges at the best fixed step.
    """

    name: str = "quadratic"
    title: str = "Ill-conditioned quadratic: eigenvalues 10 and 1"
    formula: str = "C(w) = ½ (w − c)ᵀ A (w − c),  eig(A) = 10, 1"
    xlim: tuple = (-2.0, 2.0)
    ylim: tuple = (-2.0, 2.0)
    start: tuple = (-1.5, 1.5)
    minima: tuple = ((0.0, 0.0),)
    default_lr: float = 0.1
    eigenvalues: tuple = (10.0, 1.0)
    angle: float = 30.0
    center: tuple = (0.0, 0.0)

    @cached_property
    def A(self):
        """The (constant) Hessian matrix, shape (2, 2)."""
        R = _rotation(self.angle)
        return R @ np.diag(self.eigenvalues) @ R.T

    def _value(self, x, y):
        A = self.A
        dx, dy = x - self.center[0], y - self.center[1]
        return 0.5 * (A[0, 0] * dx * dx + 2 * A[0, 1] * dx * dy + A[1, 1] * dy * dy)

    def _grad(self, x, y):
        A = self.A
        dx, dy = x - self.center[0], y - self.center[1]
        return A[0, 0] * dx + A[0, 1] * dy, A[1, 0] * dx + A[1, 1] * dy

    def _hess(self, x, y):
        A = self.A
        one = np.ones_like(x)
        return A[0, 0] * one, A[0, 1] * one, A[1, 1] * one


@dataclass(frozen=True)
class Banana(Surface):
    """Rosenbrock-type valley ``C(w) = (a − w1)² + b (w2 − w1²)²`` with ``a = 1``, ``b = 10``.

    Gradient: ``∂C/∂w1 = −2(a − w1) − 4 b w1 (w2 − w1²)``, ``∂C/∂w2 = 2 b (w2 − w1²)``.
    Hessian: ``[[2 − 4 b w2 + 12 b w1², −4 b w1], [−4 b w1, 2 b]]``. Minimum ``(a, a²)``.
    """

    name: str = "banana"
    title: str = "Banana valley: (1 − w1)² + 10·(w2 − w1²)²"
    formula: str = "C(w) = (1 − w1)² + 10 (w2 − w1²)²"
    xlim: tuple = (-2.0, 2.0)
    ylim: tuple = (-1.0, 3.0)
    start: tuple = (-1.5, 2.5)
    minima: tuple = ((1.0, 1.0),)
    default_lr: float = 0.01
    default_steps: int = 200
    a: float = 1.0
    b: float = 10.0

    def _value(self, x, y):
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def _grad(self, x, y):
        r = y - x * x
        return -2 * (self.a - x) - 4 * self.b * x * r, 2 * self.b * r

    def _hess(self, x, y):
        return 2 - 4 * self.b * y + 12 * self.b * x * x, -4 * self.b * x, 2 * self.b * np.ones_like(x)


@dataclass(frozen=True)
class Saddle(Surface):
    """``C(w) = ½ w1² + ¼ w2⁴ − ½ w2²``: a saddle at the origin between the minima ``(0, ±1)``.

    Gradient ``(w1, w2³ − w2)``; Hessian ``diag(1, 3 w2² − 1)`` (eigenvalues 1 and −1 at the saddle,
    1 and 2 at the minima).
    """

    name: str = "saddle"
    title: str = "Saddle: ½·w1² + ¼·w2⁴ − ½·w2²"
    formula: str = "C(w) = ½ w1² + ¼ w2⁴ − ½ w2²"
    xlim: tuple = (-2.0, 2.0)
    ylim: tuple = (-1.6, 1.6)
    start: tuple = (1.8, 0.001)
    minima: tuple = ((0.0, 1.0), (0.0, -1.0))
    default_lr: float = 0.1
    default_steps: int = 120

    def _value(self, x, y):
        return 0.5 * x * x + 0.25 * y ** 4 - 0.5 * y * y

    def _grad(self, x, y):
        return x, y * y * y - y  # not y ** 3: floats and arrays round powers differently

    def _hess(self, x, y):
        return np.ones_like(x), np.zeros_like(x), 3 * y * y - 1


#: The surfaces by name, in the order the widgets offer them.
SURFACES = {s.name: s for s in (TwoWeight(), IllConditionedQuadratic(), Banana(), Saddle())}


def get_surface(surface):
    """Return a :class:`Surface` given one or its name (a key of :data:`SURFACES`)."""
    if isinstance(surface, Surface):
        return surface
    try:
        return SURFACES[surface]
    except KeyError:
        raise ValueError(f"unknown surface {surface!r}; choose one of {sorted(SURFACES)}") from None


def _diverged(w):
    # written for a single point (two floats): NaN and ±inf fail the comparison, like a huge coordinate
    a, b = w
    return not (abs(a) <= DIVERGENCE_NORM and abs(b) <= DIVERGENCE_NORM)


def gradient_descent_path(surface, start, lr, n_steps):
    """Iterates of plain gradient descent ``w_{k+1} = w_k − η ∇C(w_k)``.

    The path stops early, after the first iterate with a coordinate larger than :data:`DIVERGENCE_NORM`
    in absolute value (so diverging runs never overflow or warn).

    Parameters
    ----------
    surface : Surface or str
    start : array_like of shape (2,)
        ``w_0``.
    lr : float
        Step size ``η``.
    n_steps : int
        Number of steps ``K``.

    Returns
    -------
    path : ndarray of shape (m, 2), float64
        ``w_0, ..., w_{m−1}`` with ``m = K + 1``, or fewer when the run diverged.
    """
    surface = get_surface(surface)
    w = np.array(start, dtype=np.float64).reshape(2)
    path = [w.copy()]
    for _ in range(int(n_steps)):
        if _diverged(w):
            break
        w = w - lr * surface.gradient(w)
        path.append(w.copy())
    return np.array(path)


def optimizer_path(surface, optimizer, start, n_steps):
    """Iterates of any ``course_utils.optim`` optimizer on a surface.

    The weights live in ``params = {"w": w}``; each step computes ``grads = {"w": ∇C(w)}`` and calls
    ``optimizer.step(params, grads)``, which updates ``params["w"]`` in place. Stops early on divergence
    like :func:`gradient_descent_path`.

    Parameters
    ----------
    surface : Surface or str
    optimizer : object with ``step(params, grads)``
        A fresh optimizer (its state is consumed).
    start : array_like of shape (2,)
    n_steps : int

    Returns
    -------
    path : ndarray of shape (m, 2) with ``m <= n_steps + 1``
    """
    return Trajectory(surface, optimizer, start).take(n_steps)


class Trajectory:
    """The path of one optimizer from one start, computed as far as asked and extended on demand.

    ``take(n)`` returns the same iterates as ``optimizer_path(surface, optimizer, start, n)``; a later
    ``take(m)`` with ``m > n`` only runs the ``m − n`` new steps (the optimizer keeps its state), and
    ``take(k)`` with ``k <= n`` is a slice. The widgets keep trajectories so that moving the steps slider,
    or coming back to a learning rate, recomputes nothing.

    Parameters
    ----------
    surface : Surface or str
    optimizer : object with ``step(params, grads)``
        A fresh optimizer, owned by the trajectory from now on.
    start : array_like of shape (2,)
    """

    def __init__(self, surface, optimizer, start):
        self.surface = get_surface(surface)
        self.optimizer = optimizer
        self.params = {"w": np.array(start, dtype=np.float64).reshape(2)}
        self._path = np.empty((64, 2))
        self._path[0] = self.params["w"]
        self.length = 1              # iterates computed so far
        self.stopped = False         # diverged: no further iterates

    def take(self, n_steps):
        """Iterates ``w_0 ... w_n`` (fewer when the run diverged): a new array of shape (m, 2)."""
        n_steps = int(n_steps)
        params, step, grad = self.params, self.optimizer.step, self.surface.gradient
        while self.length <= n_steps and not self.stopped:
            w = params["w"]
            if _diverged(w):
                self.stopped = True
                break
            step(params, {"w": grad(w)})
            if self.length == len(self._path):
                self._path = np.concatenate([self._path, np.empty_like(self._path)])
            self._path[self.length] = params["w"]
            self.length += 1
        return self._path[:min(self.length, n_steps + 1)].copy()
