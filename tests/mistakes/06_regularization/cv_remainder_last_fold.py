"""Folds of n // k examples, the whole remainder added to the last fold (sizes differ by up to k - 1)."""
TARGET = "cross_validate"
EXPECT_MESSAGE = "fold sizes"
EXPECT_MISTAKE = "cross_validate.fold_sizes"
import numpy as np


def cross_validate(fit_score, X, y, k, rng):
    n = len(X)
    if not 2 <= k <= n:
        raise ValueError(k)
    order = rng.permutation(n)
    size = n // k
    folds = [order[f * size:(f + 1) * size] for f in range(k - 1)] + [order[(k - 1) * size:]]
    scores = []
    for f in range(k):
        tr = np.concatenate([folds[g] for g in range(k) if g != f])
        scores.append(float(fit_score(X[tr], y[tr], X[folds[f]], y[folds[f]])))
    return float(np.mean(scores)), np.array(scores)
