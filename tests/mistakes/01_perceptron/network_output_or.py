"""Output unit adds the hidden units (h1 + h2 - 0.5): computes OR, not XOR."""
TARGET = "xor_network"
EXPECT_MESSAGE = "computes OR"
import numpy as np


def xor_network(X, return_hidden=False):
    X = np.asarray(X, dtype=float)
    h1 = (X[:, 0] + X[:, 1] - 0.5 > 0).astype(int)
    h2 = (X[:, 0] + X[:, 1] - 1.5 > 0).astype(int)
    out = (h1 + h2 - 0.5 > 0).astype(int)
    if return_hidden:
        return out, np.column_stack([h1, h2])
    return out
