"""Forgets the shift beta."""
TARGET = "layernorm_forward"
EXPECT_MISTAKE = "layernorm_forward.beta_ignored"
import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps), (x, gamma, beta, eps)
