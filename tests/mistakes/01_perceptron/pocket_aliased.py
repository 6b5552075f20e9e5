"""Puts w itself (not a copy) into the pocket and updates w in place, so the pocket follows the last weights."""
TARGET = "pocket_perceptron_train"
EXPECT_MISTAKE = "pocket_perceptron_train.aliased_pocket"
import numpy as np


def pocket_perceptron_train(X, y, max_epochs, rng):
    X = np.asarray(X, dtype=float)
    n, p = X.shape
    w = np.zeros(p)
    errors_of = lambda v: int(np.sum(np.where(X @ v > 0, 1, -1) != y))
    best_w, best_e = w, errors_of(w)
    for _ in range(max_epochs):
        if best_e == 0:
            break
        for i in rng.permutation(n):
            if y[i] * (w @ X[i]) <= 0:
                w += y[i] * X[i]
                e = errors_of(w)
                if e < best_e:
                    best_w, best_e = w, e
                    if e == 0:
                        break
    return best_w, best_e
