"""Uses the unbiased variance (divides by D - 1)."""
TARGET = "layernorm_forward"
EXPECT_MESSAGE = "D - 1"
EXPECT_MISTAKE = "layernorm_forward.unbiased_variance"
import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, ddof=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, (x, gamma, beta, eps)
