"""Treats the batch statistics as constants in training mode too: dx = dout * gamma / std."""
TARGET = "batchnorm_backward"
EXPECT_MESSAGE = "batch statistics as constants"
import numpy as np


def batchnorm_backward(dout, cache):
    x, gamma, eps, mean, var, train = cache
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv
    dxhat = dout * gamma
    dx = dxhat * inv
    return dx, np.sum(dout * xhat, axis=0), np.sum(dout, axis=0)
