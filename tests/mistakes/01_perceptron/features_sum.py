"""Third feature x1 + x2 instead of the product x1*x2."""
TARGET = "xor_features"
EXPECT_MESSAGE = "product"
import numpy as np


def xor_features(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([X[:, 0], X[:, 1], X[:, 0] + X[:, 1]])
