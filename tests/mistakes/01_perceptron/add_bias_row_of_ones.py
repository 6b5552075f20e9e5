"""Ones stacked along the wrong axis: a row of ones on top instead of a column on the left."""
TARGET = "add_bias"
EXPECT_MESSAGE = "shape"
import numpy as np


def add_bias(X):
    X = np.asarray(X, dtype=float)
    return np.vstack([np.ones((1, X.shape[1])), X])
