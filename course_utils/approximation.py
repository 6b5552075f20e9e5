"""What a network can represent: linear collapse, bumps from sigmoids, and depth against width.

The pure functions behind unit 3's section "What can an MLP represent?" and the ``bumps()`` widget.

* :func:`collapse_linear`: a stack of affine layers without non-linearity is one affine layer.
* :func:`bump`, :func:`bump_network`, :func:`network_output`, :func:`sup_error`: the constructive side of the
  universal approximation theorem (Cybenko 1989; Hornik 1991). Two steep sigmoids make a bump; ``N`` bumps of
  heights ``f(c_i)`` make a one-hidden-layer network of ``2N`` sigmoid units within ``sup_error`` of ``f``.
* :func:`sawtooth_network`, :func:`relu_interpolant_network`, :func:`count_pieces`: depth against width
  (Telgarsky 2016; Montúfar et al. 2014). ``k`` hidden layers of two ReLU units compute a sawtooth of ``2^k``
  linear pieces; one hidden layer needs ``2^k`` units for the same function.

Conventions as in the rest of the course: rows are examples, ``X @ W + b`` with ``W`` of shape ``(n_in, n_out)``;
a network is a list of ``(W, b)`` pairs, the activation applied after every layer but the last.
"""
from __future__ import annotations

import numpy as np

from .activations import relu, sigmoid

__all__ = ["collapse_linear", "forward_stack", "bump", "bump_edges", "bump_network", "network_output",
           "sup_error", "sup_errors", "TARGETS", "tent", "sawtooth_network", "relu_interpolant_network",
           "count_pieces"]


def collapse_linear(layers):
    """The single affine map equal to a stack of affine layers with no activation in between.

    ``((X W1 + b1) W2 + b2) W3 + b3 = X (W1 W2 W3) + ((b1 W2 + b2) W3 + b3)``, so ``W' = W1 W2 ... WL`` and
    ``b' = (...((b1 W2 + b2) W3 + b3) ...) WL + bL``.

    Parameters
    ----------
    layers : sequence of (W, b)
        ``W`` of shape ``(n_{l-1}, n_l)``, ``b`` of shape ``(n_l,)``; at least one layer.

    Returns
    -------
    W : ndarray of shape (n_0, n_L)
    b : ndarray of shape (n_L,)
    """
    layers = list(layers)
    if not layers:
        raise ValueError("collapse_linear needs at least one (W, b) layer")
    W, b = (np.asarray(a, dtype=np.float64) for a in layers[0])
    for W_next, b_next in layers[1:]:
        W_next = np.asarray(W_next, dtype=np.float64)
        W, b = W @ W_next, b @ W_next + np.asarray(b_next, dtype=np.float64)
    return W, b


def forward_stack(X, layers, activation=None):
    """Output of a fully connected network: ``h ← φ(h W_l + b_l)`` for every layer but the last, then affine.

    Parameters
    ----------
    X : array_like of shape (n, n_0)
    layers : sequence of (W, b)
        ``W`` of shape ``(n_{l-1}, n_l)``, ``b`` of shape ``(n_l,)``.
    activation : callable or None
        ``φ`` applied elementwise after every hidden layer; ``None`` means the identity (a linear network).

    Returns
    -------
    ndarray of shape (n, n_L)
    """
    h = np.asarray(X, dtype=np.float64)
    layers = list(layers)
    for l, (W, b) in enumerate(layers):
        h = h @ W + b
        if activation is not None and l < len(layers) - 1:
            h = activation(h)
    return h


# ---- bumps: the universal approximation theorem, constructively -------------------------------------------
def bump(x, left, right, steepness):
    """A bump of height 1 on ``[left, right]`` made of two steep sigmoids.

    ``bump(x) = σ(s (x − left)) − σ(s (x − right))``: close to 1 between the edges and to 0 outside once the
    steepness ``s`` is large compared with ``1 / (right − left)``.

    Parameters
    ----------
    x : array_like, any shape
    left, right : float
        The edges, ``left < right``.
    steepness : float
        ``s > 0``; the transitions are about ``4 / s`` wide.

    Returns
    -------
    ndarray of the shape of ``x``
    """
    x = np.asarray(x, dtype=np.float64)
    return sigmoid(steepness * (x - left)) - sigmoid(steepness * (x - right))


def bump_edges(n_bumps, interval=(0.0, 1.0)):
    """Centres and edges of ``n_bumps`` bumps that tile ``interval = [a, b]``.

    The bumps have width ``Δ = (b − a) / N`` and centres ``c_i = a + (i + ½) Δ``, ``i = 0 .. N−1``; bump ``i``
    rises at ``e_i`` and falls at ``e_{i+1}`` with ``e_i = a + i Δ``, except that the two outer edges are moved
    a width further out (``e_0 = a − Δ``, ``e_N = b + Δ``), so that the ends of the interval are not on a
    sigmoid's half-way point.

    Returns
    -------
    centres : ndarray of shape (N,)
    edges : ndarray of shape (N + 1,)
    width : float
        ``Δ``.
    """
    n = int(n_bumps)
    if n < 1:
        raise ValueError(f"n_bumps must be at least 1, got {n_bumps}")
    a, b = (float(v) for v in interval)
    if not b > a:
        raise ValueError(f"interval must be (a, b) with a < b, got {interval}")
    width = (b - a) / n
    centres = a + (np.arange(n) + 0.5) * width
    edges = a + np.arange(n + 1) * width
    edges[0], edges[-1] = a - width, b + width
    return centres, edges, width


def bump_network(f, n_bumps, interval=(0.0, 1.0), sharpness=50.0):
    """The one-hidden-layer sigmoid network that sums ``n_bumps`` bumps of heights ``f(c_i)``.

    Hidden unit ``2i`` is ``σ(s (x − e_i))`` and unit ``2i + 1`` is ``σ(s (x − e_{i+1}))``; the output weights
    are ``+f(c_i)`` and ``−f(c_i)``, so the output is ``Σ_i f(c_i) bump_i(x)`` (edges and centres from
    :func:`bump_edges`). The steepness is ``s = sharpness / Δ``: ``sharpness`` says how many transition scales fit
    in one bump, so the bumps stay equally crisp as ``N`` grows.

    Parameters
    ----------
    f : callable
        Vectorised function of one variable to approximate.
    n_bumps : int
        ``N >= 1``.
    interval : (float, float)
    sharpness : float
        ``s Δ > 0``.

    Returns
    -------
    list of (W, b)
        ``[(W1, b1), (W2, b2)]`` with ``W1`` of shape ``(1, 2N)``, ``b1`` ``(2N,)``, ``W2`` ``(2N, 1)``, ``b2``
        ``(1,)``: evaluate with :func:`network_output`.
    """
    centres, edges, width = bump_edges(n_bumps, interval)
    s = float(sharpness) / width
    heights = np.asarray(f(centres), dtype=np.float64).reshape(-1)
    n = len(centres)
    left, right = edges[:-1], edges[1:]
    W1 = np.full((1, 2 * n), s)
    b1 = np.empty(2 * n)
    b1[0::2], b1[1::2] = -s * left, -s * right
    W2 = np.empty((2 * n, 1))
    W2[0::2, 0], W2[1::2, 0] = heights, -heights
    return [(W1, b1), (W2, np.zeros(1))]


def network_output(layers, x, activation=sigmoid):
    """A one-input, one-output network evaluated at the points ``x``.

    Parameters
    ----------
    layers : sequence of (W, b)
        As returned by :func:`bump_network`, :func:`sawtooth_network` or :func:`relu_interpolant_network`.
    x : array_like of shape (m,)
    activation : callable, default sigmoid

    Returns
    -------
    ndarray of shape (m,)
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1, 1)
    return forward_stack(x, layers, activation)[:, 0]


def sup_error(f, approx, x):
    """``max_i |f(x_i) − approx(x_i)|``: the sup-norm error, measured on the grid ``x`` (shape (m,))."""
    x = np.asarray(x, dtype=np.float64)
    return float(np.max(np.abs(np.asarray(f(x)) - np.asarray(approx(x)))))


def sup_errors(f, ns, interval=(0.0, 1.0), sharpness=50.0, n_grid=2001):
    """Sup-norm error of the ``N``-bump network for every ``N`` in ``ns``, on ``n_grid`` points of ``interval``.

    Returns
    -------
    ndarray of shape (len(ns),)
    """
    x = np.linspace(*interval, n_grid)
    return np.array([sup_error(f, lambda v: network_output(bump_network(f, n, interval, sharpness), v), x)
                     for n in ns])


#: Continuous functions on [0, 1] to approximate (name -> vectorised callable).
TARGETS = {
    "wave": lambda x: np.sin(2 * np.pi * x) + 0.5 * np.cos(5 * np.pi * x),
    "tent": lambda x: 1.0 - 2.0 * np.abs(np.asarray(x, dtype=np.float64) - 0.5),
    "square root": lambda x: np.sqrt(np.clip(x, 0.0, None)),
    "steep step": lambda x: np.tanh(40.0 * (np.asarray(x, dtype=np.float64) - 0.5)),
}


# ---- depth against width: the sawtooth -------------------------------------------------------------------
def tent(x):
    """The tent map on ``[0, 1]``: ``T(x) = 2x`` for ``x ≤ ½``, ``2 − 2x`` for ``x ≥ ½``; as ReLUs,
    ``T(x) = 2 relu(x) − 4 relu(x − ½)`` (valid on ``[0, 1]``). Shape of ``x`` kept."""
    x = np.asarray(x, dtype=np.float64)
    return 2.0 * relu(x) - 4.0 * relu(x - 0.5)


def sawtooth_network(k):
    """A ReLU network of ``k`` hidden layers of 2 units computing ``T^k`` (the tent map applied ``k`` times).

    Layer ``l`` holds ``relu(z)`` and ``relu(z − ½)`` of the previous tent value ``z``; the next layer's
    pre-activations take ``z' = 2 h_1 − 4 h_2`` straight into their weights. ``T^k`` has ``2^k`` linear pieces on
    ``[0, 1]`` (Telgarsky 2016), with ``2k`` hidden units.

    Returns
    -------
    list of (W, b)
        ``k + 1`` layers: ``W1`` of shape ``(1, 2)``, then ``k − 1`` of ``(2, 2)``, then ``(2, 1)``; evaluate with
        ``network_output(layers, x, activation=relu)``.
    """
    k = int(k)
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    combine = np.array([[2.0], [-4.0]])                   # z = 2 h1 - 4 h2
    split_W, split_b = np.array([[1.0, 1.0]]), np.array([0.0, -0.5])
    layers = [(split_W.copy(), split_b.copy())]
    for _ in range(k - 1):
        layers.append((combine @ split_W, split_b.copy()))
    layers.append((combine.copy(), np.zeros(1)))
    return layers


def relu_interpolant_network(knots, values):
    """One hidden layer of ReLUs equal to the piecewise-linear interpolant of ``(knots, values)`` on its range.

    With slopes ``m_i = (v_{i+1} − v_i) / (x_{i+1} − x_i)``, for ``x ≥ x_0``:
    ``g(x) = v_0 + m_0 relu(x − x_0) + Σ_{i≥1} (m_i − m_{i−1}) relu(x − x_i)``: one unit per linear piece.

    Parameters
    ----------
    knots : array_like of shape (p + 1,)
        Increasing.
    values : array_like of shape (p + 1,)

    Returns
    -------
    list of (W, b)
        ``W1`` ``(1, p)``, ``b1`` ``(p,)``, ``W2`` ``(p, 1)``, ``b2`` ``(1,)``; evaluate with
        ``network_output(layers, x, activation=relu)``.
    """
    knots = np.asarray(knots, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if knots.ndim != 1 or knots.shape != values.shape or len(knots) < 2:
        raise ValueError("knots and values must be 1-D of the same length, at least 2")
    if np.any(np.diff(knots) <= 0):
        raise ValueError("knots must be strictly increasing")
    slopes = np.diff(values) / np.diff(knots)
    out_w = np.concatenate([slopes[:1], np.diff(slopes)])
    p = len(slopes)
    return [(np.ones((1, p)), -knots[:-1].copy()), (out_w.reshape(p, 1), values[:1].copy())]


def count_pieces(x, y, tol=1e-9):
    """Number of linear pieces of a piecewise-linear function sampled at ``x`` (shape (m,)), values ``y``.

    Counts the changes of slope between consecutive sample intervals larger than ``tol`` (relative to the
    largest slope), plus one. Exact when every kink is a sample point (e.g. a dyadic grid for the sawtooth);
    a kink between two samples counts twice.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or len(x) < 2 or np.any(np.diff(x) <= 0):
        raise ValueError("x must be strictly increasing, 1-D, at least 2 points, and y of the same shape")
    slopes = np.diff(y) / np.diff(x)
    scale = max(float(np.max(np.abs(slopes))), 1.0)
    return int(1 + np.sum(np.abs(np.diff(slopes)) > tol * scale))
