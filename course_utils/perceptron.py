"""Rosenblatt's perceptron (Rosenblatt 1958) and Novikoff's mistake bound (Novikoff 1962).

**Bias convention.**  The bias is handled as a weight on a constant input 1 that is added as the
**first** column: an example ``x = (x_1, ..., x_d)`` becomes ``x~ = (1, x_1, ..., x_d)`` and the
weight vector is ``w = (w_0, w_1, ..., w_d)`` with ``w_0`` the bias.  The decision is
``sign(w . x~)``.  Weights and history live in this augmented space, and so does the Novikoff bound
when it is given a separator with a bias entry (see :func:`novikoff_bound`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["add_bias", "Perceptron", "novikoff_bound"]


def add_bias(X):
    """Prepend a column of ones (the constant bias input) to a batch of examples.

    Parameters
    ----------
    X : array_like, shape (n, d)

    Returns
    -------
    X_aug : ndarray, shape (n, d + 1), float64
        ``[1, x_1, ..., x_d]`` in every row.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"add_bias: X must have shape (n, d), got shape {X.shape}")
    return np.hstack([np.ones((X.shape[0], 1)), X])


def _check_labels(y, n):
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"labels y must have shape ({n},) (one label per row of X), got shape {y.shape}")
    if not np.all(np.isin(y, (-1, 1))):
        raise ValueError("the perceptron needs labels in {-1, +1}; convert 0/1 labels with y = 2*y - 1")
    return y.astype(np.float64)


class Perceptron:
    """Rosenblatt's perceptron learning rule on labels in {-1, +1}.

    Starting from ``w = w0`` (default 0), sweep through the examples **in order**; whenever an example is
    misclassified or on the boundary, ``y_i (w . x~_i) <= 0``, update

    .. math:: w \\leftarrow w + \\eta\\, y_i\\, \\tilde{x}_i

    and stop after the first epoch (full sweep) without a mistake, or after ``max_epochs``.  On
    linearly separable data it converges after at most ``(R / gamma)^2`` updates (Novikoff 1962, see
    :func:`novikoff_bound`).

    Starting from ``w = 0`` the learning rate only rescales ``w`` (every ``w`` is ``eta`` times a sum
    of ``y_i x~_i``), so the mistakes are the same for every ``eta``; from a non-zero ``w0`` it matters.
    This holds exactly in floating point for powers of two (0.25, 0.5, 1, 2).  For other rates,
    rounding can break exact ties ``w . x~ = 0`` differently (e.g. ``0.1 + 0.2 - 0.3 != 0``), which
    happens on 0/1 data such as the AND table; continuous data have no ties.  We keep the textbook
    update, exactly as students write it.

    Parameters
    ----------
    lr : float > 0, default 1.0
        Learning rate ``eta``.
    max_epochs : int, default 100
        Upper limit on the number of sweeps (the data may not be separable).

    Attributes
    ----------
    w_ : ndarray, shape (d + 1,)
        Learned weights, bias first.
    n_mistakes : int
        Total number of updates made.
    history : list of ndarray, each shape (d + 1,)
        The weight vector before any update (``w0``) followed by the weights after each update, so
        ``len(history) == n_mistakes + 1``.
    mistakes_per_epoch_ : list of int
        Updates made in each epoch.
    n_epochs_ : int
        Number of epochs run (including the final mistake-free one when converged).
    converged_ : bool
        Whether an epoch without mistakes was reached.
    """

    def __init__(self, lr=1.0, max_epochs=100):
        if not float(lr) > 0:
            raise ValueError(f"Perceptron: lr must be > 0, got {lr!r}")
        if not isinstance(max_epochs, (int, np.integer)) or max_epochs < 1:
            raise ValueError(f"Perceptron: max_epochs must be a positive integer, got {max_epochs!r}")
        self.lr = float(lr)
        self.max_epochs = int(max_epochs)

    def fit(self, X, y, w0=None):
        """Run the perceptron rule on ``(X, y)``.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Examples **without** a bias column (it is added internally, first).
        y : array_like, shape (n,)
            Labels in {-1, +1}.
        w0 : array_like, shape (d + 1,), optional
            Initial weights (bias first); default zeros.

        Returns
        -------
        self
        """
        Xa = add_bias(X)
        n, d1 = Xa.shape
        y = _check_labels(y, n)
        if w0 is None:
            w = np.zeros(d1)
        else:
            w = np.array(w0, dtype=np.float64)
            if w.shape != (d1,):
                raise ValueError(f"w0 must have shape ({d1},) (bias first, then one weight per feature), "
                                 f"got shape {w.shape}")
        history = [w.copy()]
        mistakes_per_epoch = []
        converged = False
        for _ in range(self.max_epochs):
            mistakes = 0
            for xi, yi in zip(Xa, y):
                if yi * (w @ xi) <= 0:
                    w = w + self.lr * yi * xi
                    history.append(w.copy())
                    mistakes += 1
            mistakes_per_epoch.append(mistakes)
            if mistakes == 0:
                converged = True
                break
        self.w_ = w
        self.history = history
        self.mistakes_per_epoch_ = mistakes_per_epoch
        self.n_mistakes = int(sum(mistakes_per_epoch))
        self.n_epochs_ = len(mistakes_per_epoch)
        self.converged_ = converged
        return self

    def _weights(self):
        if not hasattr(self, "w_"):
            raise RuntimeError("this Perceptron is not fitted yet: call fit(X, y) first")
        return self.w_

    def decision_function(self, X):
        """Scores ``w . x~`` (bias included).

        Parameters
        ----------
        X : array_like, shape (n, d)

        Returns
        -------
        scores : ndarray, shape (n,)
        """
        w = self._weights()
        Xa = add_bias(X)
        if Xa.shape[1] != w.shape[0]:
            raise ValueError(f"X has {Xa.shape[1] - 1} features but the perceptron was fitted with {w.shape[0] - 1}")
        return Xa @ w

    def predict(self, X):
        """Class labels: +1 where ``w . x~ > 0``, otherwise -1 (so a score of exactly 0 gives -1).

        Parameters
        ----------
        X : array_like, shape (n, d)

        Returns
        -------
        labels : ndarray of int, shape (n,)
        """
        return np.where(self.decision_function(X) > 0, 1, -1)

    def score(self, X, y):
        """Fraction of correctly classified examples."""
        return float(np.mean(self.predict(X) == np.asarray(y)))


def novikoff_bound(X, y, w_star):
    """Novikoff's bound (R / gamma)^2 on the number of perceptron updates (Novikoff 1962).

    .. math:: R = \\max_i \\|\\tilde{x}_i\\|, \\qquad
              \\gamma = \\min_i \\frac{y_i\\, w^* \\cdot \\tilde{x}_i}{\\|w^*\\|}, \\qquad
              \\text{mistakes} \\le \\left(\\frac{R}{\\gamma}\\right)^2

    The vectors ``x~_i`` are the ones the algorithm actually adds to ``w``, and the length of
    ``w_star`` says which they are:

    * ``w_star`` of shape ``(d + 1,)`` (bias first, as :class:`Perceptron` stores ``w_``): the rows of
      ``X`` are bias-augmented, ``x~ = (1, x)``, exactly as :class:`Perceptron` does; then ``R >= 1``.
      This is the bound for ``Perceptron().fit(X, y)``.
    * ``w_star`` of shape ``(d,)``: the rows of ``X`` are used exactly as given (either ``X`` already
      contains a bias column, or the separator passes through the origin).

    The bound holds for a perceptron started at ``w = 0`` with any learning rate and any order of the
    examples; any separating ``w_star`` gives a valid bound (only its direction matters), and the
    maximum-margin separator gives the best one.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Examples.
    y : array_like, shape (n,)
        Labels in {-1, +1}.
    w_star : array_like, shape (d + 1,) or (d,)
        A separating weight vector (see above).

    Returns
    -------
    float
        ``(R / gamma)**2``.

    Raises
    ------
    ValueError
        If ``w_star`` does not separate the data strictly (``gamma <= 0``) or has the wrong length.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"novikoff_bound: X must have shape (n, d), got shape {X.shape}")
    y = _check_labels(y, X.shape[0])
    w_star = np.asarray(w_star, dtype=np.float64)
    d = X.shape[1]
    if w_star.shape == (d + 1,):
        Xa = add_bias(X)
    elif w_star.shape == (d,):
        Xa = X
    else:
        raise ValueError(f"w_star must have shape ({d + 1},) (bias first, then one weight per feature; X is "
                         f"bias-augmented) or ({d},) (X used as given); got shape {w_star.shape}")
    norm = float(np.linalg.norm(w_star))
    if norm == 0.0:
        raise ValueError("w_star is the zero vector and separates nothing")
    R = float(np.max(np.linalg.norm(Xa, axis=1)))
    gamma = float(np.min(y * (Xa @ w_star))) / norm
    if not gamma > 0:
        raise ValueError(f"w_star does not separate the data: the smallest margin y_i w*.x_i / ||w*|| is {gamma:.3g} <= 0")
    return (R / gamma) ** 2
