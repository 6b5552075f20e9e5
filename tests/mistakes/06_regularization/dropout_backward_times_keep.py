"""Backward multiplies by (1 - p) instead of dividing by it."""
TARGET = "dropout_backward"
EXPECT_MESSAGE = "(1 - p) instead"
import numpy as np


def dropout_backward(dout, cache):
    mask, p, train = cache
    if mask is None:
        return np.asarray(dout, dtype=float)
    return dout * (mask != 0) * (1 - p)
