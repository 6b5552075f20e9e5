"""Backward zeroes dropped units but forgets the 1 / (1 - p) scale of the kept ones."""
TARGET = "dropout_backward"
EXPECT_MESSAGE = "not scaled"
import numpy as np


def dropout_backward(dout, cache):
    mask, p, train = cache
    if mask is None:
        return np.asarray(dout, dtype=float)
    return dout * (mask != 0)
