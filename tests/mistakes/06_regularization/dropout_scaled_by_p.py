"""Kept units scaled by 1 / p instead of 1 / (1 - p)."""
TARGET = "dropout_forward"
EXPECT_MESSAGE = "1 / p"
import numpy as np


def dropout_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=float)
    if not train or p == 0:
        return x, (None, p, train)
    mask = (rng.random(x.shape) >= p) / p
    return x * mask, (mask, p, train)
