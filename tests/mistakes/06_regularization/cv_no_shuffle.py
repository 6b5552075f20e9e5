"""No shuffle: the folds are contiguous blocks of the original order."""
TARGET = "cross_validate"
EXPECT_MISTAKE = "cross_validate.no_shuffle"
import numpy as np


def cross_validate(fit_score, X, y, k, rng):
    n = len(X)
    if not 2 <= k <= n:
        raise ValueError(k)
    folds = np.array_split(np.arange(n), k)
    scores = []
    for f in range(k):
        tr = np.concatenate([folds[g] for g in range(k) if g != f])
        scores.append(float(fit_score(X[tr], y[tr], X[folds[f]], y[folds[f]])))
    return float(np.mean(scores)), np.array(scores)
