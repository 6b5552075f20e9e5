"""Samples indices with replacement (rng.integers): some examples twice, others never."""
TARGET = "random_minibatches"
EXPECT_MESSAGE = "exactly once"
import numpy as np


def random_minibatches(X, y, batch_size, rng):
    n = X.shape[0]
    idx = rng.integers(0, n, size=n)
    Xs, ys = X[idx], y[idx]
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, n, batch_size)]
