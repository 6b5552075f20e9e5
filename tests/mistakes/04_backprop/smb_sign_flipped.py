"""Subtracts the wrong way round: p * (sum - dout)."""
TARGET = "softmax_backward"
EXPECT_MISTAKE = "softmax_backward.sign_flipped"
import numpy as np


def softmax_backward(dout, cache):
    p = cache
    return p * (np.sum(dout * p, axis=1, keepdims=True) - dout)
