"""The error signal of xhat is dout itself: gamma forgotten on the way to dx."""
TARGET = "layernorm_backward"
EXPECT_MISTAKE = "layernorm_backward.gamma_forgotten"
import numpy as np


def layernorm_backward(dout, cache):
    x, gamma, beta, eps = cache
    mu = x.mean(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    xhat = (x - mu) * inv
    dxhat = dout * gamma
    dxhat = dout
    dx = inv * (dxhat - dxhat.mean(axis=1, keepdims=True) - xhat * np.mean(dxhat * xhat, axis=1, keepdims=True))
    return dx, np.sum(dout * xhat, axis=0), np.sum(dout, axis=0)
