"""Shuffles with np.random.permutation (the global generator) instead of rng."""
TARGET = "random_minibatches"
EXPECT_MESSAGE = "rng"
import numpy as np


def random_minibatches(X, y, batch_size, rng):
    n = X.shape[0]
    perm = np.random.permutation(n)
    Xs, ys = X[perm], y[perm]
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, n, batch_size)]
