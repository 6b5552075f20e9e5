"""Multiplies dout by the activation max(0, x) instead of the 0/1 mask."""
TARGET = "relu_backward"
EXPECT_MESSAGE = "0/1 mask"
import numpy as np


def relu_backward(dout, cache):
    x = cache
    return dout * np.maximum(x, 0.0)
