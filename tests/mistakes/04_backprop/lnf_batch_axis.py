"""Normalises each feature over the batch (axis 0): batch norm, not layer norm."""
TARGET = "layernorm_forward"
EXPECT_MISTAKE = "layernorm_forward.batch_axis"
EXPECT_MESSAGE = "axis 0"
import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, (x, gamma, beta, eps)
