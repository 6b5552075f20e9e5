"""dW = dout^T x: the weight gradient transposed (shape (d_out, d_in))."""
TARGET = "affine_backward"
EXPECT_MESSAGE = "transposed"
import numpy as np


def affine_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)
