"""Trains on all the data in every round: the validation fold is also in the training part."""
TARGET = "cross_validate"
EXPECT_MISTAKE = "cross_validate.training_not_complement"
import numpy as np


def cross_validate(fit_score, X, y, k, rng):
    n = len(X)
    if not 2 <= k <= n:
        raise ValueError(k)
    folds = np.array_split(rng.permutation(n), k)
    scores = [float(fit_score(X, y, X[fold], y[fold])) for fold in folds]
    return float(np.mean(scores)), np.array(scores)
