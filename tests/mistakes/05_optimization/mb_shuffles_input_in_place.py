"""Shuffles the caller's X and y in place (X[:] = X[perm])."""
TARGET = "random_minibatches"
EXPECT_MESSAGE = "in place"
import numpy as np


def random_minibatches(X, y, batch_size, rng):
    n = X.shape[0]
    perm = rng.permutation(n)
    X[:] = X[perm]
    y[:] = y[perm]
    return [(X[i:i + batch_size].copy(), y[i:i + batch_size].copy()) for i in range(0, n, batch_size)]
