"""Mask drawn as u < 1 - p: right statistics, but not the units the same seed drops in the reference."""
TARGET = "dropout_forward"
EXPECT_MESSAGE = "same seed"
import numpy as np


def dropout_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=float)
    if not train or p == 0:
        return x, (None, p, train)
    mask = (rng.random(x.shape) < 1 - p) / (1.0 - p)
    return x * mask, (mask, p, train)
