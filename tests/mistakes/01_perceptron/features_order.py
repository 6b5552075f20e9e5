"""Columns in the wrong order: the product first."""
TARGET = "xor_features"
EXPECT_MESSAGE = "wrong order"
import numpy as np


def xor_features(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([X[:, 0] * X[:, 1], X[:, 0], X[:, 1]])
