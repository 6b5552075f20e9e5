"""dx = W dout^T: the input gradient transposed (shape (d_in, n))."""
TARGET = "affine_backward"
EXPECT_MESSAGE = "transposed"
import numpy as np


def affine_backward(dout, cache):
    x, W, b = cache
    return W @ dout.T, x.T @ dout, dout.sum(axis=0)
