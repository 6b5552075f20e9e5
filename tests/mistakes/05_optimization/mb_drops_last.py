"""The last, smaller batch is dropped (range(n // batch_size))."""
TARGET = "random_minibatches"
EXPECT_MESSAGE = "last"
import numpy as np


def random_minibatches(X, y, batch_size, rng):
    n = X.shape[0]
    perm = rng.permutation(n)
    Xs, ys = X[perm], y[perm]
    return [(Xs[j * batch_size:(j + 1) * batch_size], ys[j * batch_size:(j + 1) * batch_size])
            for j in range(n // batch_size)]
