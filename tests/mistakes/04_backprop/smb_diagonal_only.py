"""Keeps only the diagonal of the softmax Jacobian: dout * p * (1 - p)."""
TARGET = "softmax_backward"
EXPECT_MISTAKE = "softmax_backward.diagonal_only"
import numpy as np


def softmax_backward(dout, cache):
    p = cache
    return dout * p * (1 - p)
