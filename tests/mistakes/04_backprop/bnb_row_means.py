"""Takes the means of the training-mode formula over each row (layer norm's axis)."""
TARGET = "batchnorm_backward"
import numpy as np


def batchnorm_backward(dout, cache):
    x, gamma, eps, mean, var, train = cache
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv
    dxhat = dout * gamma
    if train:
        dx = inv * (dxhat - dxhat.mean(axis=1, keepdims=True) - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True))
    else:
        dx = dxhat * inv
    return dx, np.sum(dout * xhat, axis=0), np.sum(dout, axis=0)
