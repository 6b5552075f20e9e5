"""Dropout also applied at test time: the train flag is ignored."""
TARGET = "dropout_forward"
EXPECT_MESSAGE = "test time"
import numpy as np


def dropout_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=float)
    if p == 0:
        return x, (None, p, train)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, (mask, p, train)
