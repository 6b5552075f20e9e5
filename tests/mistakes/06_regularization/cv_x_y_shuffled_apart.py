"""Shuffles X and y with two different permutations: rows and labels separated."""
TARGET = "cross_validate"
EXPECT_MISTAKE = "cross_validate.rows_labels_separated"
import numpy as np


def cross_validate(fit_score, X, y, k, rng):
    n = len(X)
    if not 2 <= k <= n:
        raise ValueError(k)
    Xs, ys = X[rng.permutation(n)], y[rng.permutation(n)]
    folds = np.array_split(np.arange(n), k)
    scores = []
    for f in range(k):
        tr = np.concatenate([folds[g] for g in range(k) if g != f])
        scores.append(float(fit_score(Xs[tr], ys[tr], Xs[folds[f]], ys[folds[f]])))
    return float(np.mean(scores)), np.array(scores)
