"""Stacks the features as rows: shape (3, n) instead of (n, 3)."""
TARGET = "xor_features"
EXPECT_MESSAGE = "transposed"
import numpy as np


def xor_features(X):
    X = np.asarray(X, dtype=float)
    return np.vstack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])
