"""Passes the hidden pre-activations to the output unit without thresholding them."""
TARGET = "threshold_network"
EXPECT_MISTAKE = "threshold_network.linear_hidden"
import numpy as np


def threshold_network(X, W1, b1, w2, b2, return_hidden=False):
    X = np.asarray(X, dtype=float)
    A = X @ W1 + b1
    out = (A @ w2 + b2 > 0).astype(int)
    return (out, (A > 0).astype(int)) if return_hidden else out
