"""Threshold units output -1/+1 (np.where(z > 0, 1, -1)) instead of 0/1."""
TARGET = "threshold_network"
EXPECT_MESSAGE = "0 or 1"
EXPECT_MISTAKE = "threshold_network.signed_units"
import numpy as np


def threshold_network(X, W1, b1, w2, b2, return_hidden=False):
    X = np.asarray(X, dtype=float)
    H = np.where(X @ W1 + b1 > 0, 1, -1)
    out = np.where(H @ w2 + b2 > 0, 1, -1)
    return (out, H) if return_hidden else out
