"""db averaged over the batch instead of summed (the 1/n is already inside dout)."""
TARGET = "affine_backward"
EXPECT_MESSAGE = "mean of dout"
import numpy as np


def affine_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, x.T @ dout, dout.mean(axis=0)
