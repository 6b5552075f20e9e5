"""Prepends a column of zeros: the bias input must be fixed to 1."""
TARGET = "add_bias"
EXPECT_MESSAGE = "fixed to 1"
import numpy as np


def add_bias(X):
    X = np.asarray(X, dtype=float)
    return np.hstack([np.zeros((X.shape[0], 1)), X])
