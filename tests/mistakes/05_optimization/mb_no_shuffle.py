"""No shuffle: the batches come in the stored order every epoch."""
TARGET = "random_minibatches"
EXPECT_MESSAGE = "shuffle"
import numpy as np


def random_minibatches(X, y, batch_size, rng):
    n = X.shape[0]
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, n, batch_size)]
