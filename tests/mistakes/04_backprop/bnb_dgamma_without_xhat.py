"""dgamma sums dout only, forgetting that gamma multiplies xhat."""
TARGET = "batchnorm_backward"
EXPECT_MESSAGE = "dgamma"
import numpy as np


def batchnorm_backward(dout, cache):
    x, gamma, eps, mean, var, train = cache
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv
    dxhat = dout * gamma
    if train:
        dx = inv * (dxhat - dxhat.mean(axis=0) - xhat * np.mean(dxhat * xhat, axis=0))
    else:
        dx = dxhat * inv
    return dx, np.sum(dout, axis=0), np.sum(dout, axis=0)
