"""Shuffles with the global np.random.permutation instead of rng."""
TARGET = "cross_validate"
EXPECT_MESSAGE = "global"
EXPECT_MISTAKE = "cross_validate.global_random_state"
import numpy as np


def cross_validate(fit_score, X, y, k, rng):
    n = len(X)
    if not 2 <= k <= n:
        raise ValueError(k)
    np.random.seed(int(rng.integers(2 ** 31)))
    folds = np.array_split(np.random.permutation(n), k)
    scores = []
    for f in range(k):
        tr = np.concatenate([folds[g] for g in range(k) if g != f])
        scores.append(float(fit_score(X[tr], y[tr], X[folds[f]], y[folds[f]])))
    return float(np.mean(scores)), np.array(scores)
