"""Reuses the lecture's XOR feature map (x1, x2, x1*x2), whose boundaries are hyperbolas, not circles."""
TARGET = "disc_features"
EXPECT_MISTAKE = "disc_features.not_separable"
import numpy as np


def disc_features(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])
