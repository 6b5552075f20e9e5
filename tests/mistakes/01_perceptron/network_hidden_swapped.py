"""Hidden layer returned as (AND, OR) instead of (OR, AND)."""
TARGET = "xor_network"
EXPECT_MESSAGE = "swapped"
import numpy as np


def xor_network(X, return_hidden=False):
    X = np.asarray(X, dtype=float)
    h1 = (X[:, 0] + X[:, 1] - 0.5 > 0).astype(int)
    h2 = (X[:, 0] + X[:, 1] - 1.5 > 0).astype(int)
    out = (h1 - h2 - 0.5 > 0).astype(int)
    if return_hidden:
        return out, np.column_stack([h2, h1])
    return out
