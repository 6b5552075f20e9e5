"""Sums dout * p over the batch (axis 0) instead of over each row."""
TARGET = "softmax_backward"
EXPECT_MISTAKE = "softmax_backward.wrong_axis"
import numpy as np


def softmax_backward(dout, cache):
    p = cache
    return p * (dout - np.sum(dout * p, axis=0, keepdims=True))
