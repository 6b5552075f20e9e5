"""Dropout not scaled: kept units are not divided by 1 - p, so E[out] = (1 - p) x."""
TARGET = "dropout_forward"
EXPECT_MESSAGE = "not scaled"
import numpy as np


def dropout_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=float)
    if not train or p == 0:
        return x, (None, p, train)
    mask = (rng.random(x.shape) >= p).astype(float)
    return x * mask, (mask, p, train)
