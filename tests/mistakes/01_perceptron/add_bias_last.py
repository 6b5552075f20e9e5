"""Bias column appended last instead of first (w[0] would not be the bias)."""
TARGET = "add_bias"
EXPECT_MESSAGE = "bias comes FIRST"
import numpy as np


def add_bias(X):
    X = np.asarray(X, dtype=float)
    return np.hstack([X, np.ones((X.shape[0], 1))])
