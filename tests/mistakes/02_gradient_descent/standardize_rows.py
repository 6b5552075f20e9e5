"""Statistics per row (axis=1) instead of per column."""
TARGET = "standardize"
EXPECT_MESSAGE = "rows"
import numpy as np


def standardize(X_train, X_test):
    def scale(A):
        sd = A.std(axis=1, keepdims=True)
        return (A - A.mean(axis=1, keepdims=True)) / np.where(sd > 1e-12, sd, 1.0)
    return scale(X_train), scale(X_test)
