"""p read as the probability of KEEPING a unit: drops a fraction 1 - p."""
TARGET = "dropout_forward"
EXPECT_MESSAGE = "DROPPING"
import numpy as np


def dropout_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=float)
    if not train or p == 0:
        return x, (None, p, train)
    mask = (rng.random(x.shape) < p) / p
    return x * mask, (mask, p, train)
