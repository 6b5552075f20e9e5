"""Forgets eps: a constant row divides 0 by 0."""
TARGET = "layernorm_forward"
EXPECT_MISTAKE = "layernorm_forward.no_eps"
import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    return gamma * (x - mu) / x.std(axis=1, keepdims=True) + beta, (x, gamma, beta, eps)
