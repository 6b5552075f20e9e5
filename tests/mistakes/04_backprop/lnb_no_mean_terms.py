"""Treats mu and sigma as constants: dx = dout * gamma / std (no paths through the row statistics)."""
TARGET = "layernorm_backward"
EXPECT_MISTAKE = "layernorm_backward.no_mean_terms"
EXPECT_MESSAGE = "mean and the variance"
import numpy as np


def layernorm_backward(dout, cache):
    x, gamma, beta, eps = cache
    mu = x.mean(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    xhat = (x - mu) * inv
    dxhat = dout * gamma
    dx = dxhat * inv
    return dx, np.sum(dout * xhat, axis=0), np.sum(dout, axis=0)
