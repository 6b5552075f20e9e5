"""db = dout: the bias gradient is not summed over the batch."""
TARGET = "affine_backward"
EXPECT_MESSAGE = "summed over the batch"
import numpy as np


def affine_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, x.T @ dout, dout
