"""Passes dout through unchanged, as if ReLU were the identity."""
TARGET = "relu_backward"
EXPECT_MESSAGE = "unchanged"
import numpy as np


def relu_backward(dout, cache):
    return np.array(dout, dtype=np.float64)
