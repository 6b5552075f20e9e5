"""Forgets the hidden biases b1."""
TARGET = "threshold_network"
EXPECT_MESSAGE = "b1"
EXPECT_MISTAKE = "threshold_network.no_hidden_bias"
import numpy as np


def threshold_network(X, W1, b1, w2, b2, return_hidden=False):
    X = np.asarray(X, dtype=float)
    H = (X @ W1 > 0).astype(int)
    out = (H @ w2 + b2 > 0).astype(int)
    return (out, H) if return_hidden else out
