"""dW divided by the batch size inside the layer: n times too small."""
TARGET = "affine_backward"
EXPECT_MESSAGE = "batch size"
import numpy as np


def affine_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, x.T @ dout / x.shape[0], dout.sum(axis=0)
