"""Uses the training-mode formula in test mode too, as if the running averages depended on x."""
TARGET = "batchnorm_backward"
EXPECT_MESSAGE = "test mode"
import numpy as np


def batchnorm_backward(dout, cache):
    x, gamma, eps, mean, var, train = cache
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv
    dxhat = dout * gamma
    dx = inv * (dxhat - dxhat.mean(axis=0) - xhat * np.mean(dxhat * xhat, axis=0))
    return dx, np.sum(dout * xhat, axis=0), np.sum(dout, axis=0)
