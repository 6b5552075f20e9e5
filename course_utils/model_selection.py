"""Model selection: the folds of k-fold cross-validation (Stone 1974; lecture 6, section 8).

k-fold cross-validation splits the ``n`` labelled examples into ``k`` folds of (almost) equal size, trains ``k``
times, each time on ``k - 1`` folds, scores on the fold left out, and compares settings by the mean of the ``k``
scores; every example is used for validation exactly once.
"""
from __future__ import annotations

import numpy as np

__all__ = ["kfold_indices"]


def kfold_indices(n, k, rng):
    """The validation folds of k-fold cross-validation: ``k`` disjoint index arrays covering ``0 .. n-1``.

    The indices are shuffled with ``rng`` (one uniform permutation) and cut into ``k`` consecutive pieces whose
    sizes differ by at most one (the first ``n % k`` folds are one longer). The training part of fold ``f`` is
    every index not in ``folds[f]``, e.g. ``np.setdiff1d(np.arange(n), folds[f])``.

    Parameters
    ----------
    n : int
        Number of examples, ``n >= k``.
    k : int
        Number of folds, ``2 <= k <= n`` (``k = n``: leave-one-out).
    rng : numpy.random.Generator
        The only source of randomness (the global ``np.random`` state is not touched).

    Returns
    -------
    list of k ndarray of int
        The validation indices of each fold, each sorted.
    """
    n, k = int(n), int(k)
    if not 2 <= k <= n:
        raise ValueError(f"kfold_indices: need 2 <= k <= n, got k = {k}, n = {n}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"kfold_indices: rng must be a numpy.random.Generator, got {type(rng).__name__}")
    order = rng.permutation(n)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    return [np.sort(part) for part in np.split(order, np.cumsum(sizes)[:-1])]
