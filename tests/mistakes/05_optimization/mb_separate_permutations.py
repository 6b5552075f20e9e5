"""X and y shuffled with two different permutations: rows lose their labels."""
TARGET = "random_minibatches"
EXPECT_MESSAGE = "same permutation"
import numpy as np


def random_minibatches(X, y, batch_size, rng):
    n = X.shape[0]
    Xs = X[rng.permutation(n)]
    ys = y[rng.permutation(n)]
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, n, batch_size)]
