"""Adds eps to the standard deviation instead of to the variance."""
TARGET = "layernorm_forward"
EXPECT_MISTAKE = "layernorm_forward.eps_outside_sqrt"
EXPECT_MESSAGE = "var + eps"
import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    std = x.std(axis=1, keepdims=True)
    return gamma * (x - mu) / (std + eps) + beta, (x, gamma, beta, eps)
