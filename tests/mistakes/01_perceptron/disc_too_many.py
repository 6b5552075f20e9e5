"""All monomials up to degree 3 (9 features): it would work, but the contract allows at most 4."""
TARGET = "disc_features"
EXPECT_MESSAGE = "at most 4"
EXPECT_MISTAKE = "disc_features.too_many_features"
import numpy as np


def disc_features(X):
    X = np.asarray(X, dtype=float)
    a, b = X[:, 0], X[:, 1]
    return np.column_stack([a, b, a * a, a * b, b * b, a ** 3, a * a * b, a * b * b, b ** 3])
