"""Returns -1/+1 outputs although this question uses 0/1."""
TARGET = "xor_network"
EXPECT_MESSAGE = "0/1"
import numpy as np


def xor_network(X, return_hidden=False):
    X = np.asarray(X, dtype=float)
    h1 = (X[:, 0] + X[:, 1] - 0.5 > 0).astype(int)
    h2 = (X[:, 0] + X[:, 1] - 1.5 > 0).astype(int)
    out = np.where(h1 - h2 - 0.5 > 0, 1, -1)
    if return_hidden:
        return out, np.column_stack([h1, h2])
    return out
