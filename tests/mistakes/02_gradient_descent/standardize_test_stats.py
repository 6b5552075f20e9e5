"""Standardizes the test set with its own mean and std (leaks test statistics)."""
TARGET = "standardize"
EXPECT_MESSAGE = "statistics of the test set"
import numpy as np


def standardize(X_train, X_test):
    def scale(A):
        sd = A.std(axis=0)
        return (A - A.mean(axis=0)) / np.where(sd > 1e-12, sd, 1.0)
    return scale(X_train), scale(X_test)
