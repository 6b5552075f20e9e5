"""No guard for zero-variance columns: 0/0 gives NaN and a RuntimeWarning."""
TARGET = "standardize"
EXPECT_MESSAGE = "warning"
import numpy as np


def standardize(X_train, X_test):
    mu = X_train.mean(axis=0)
    sd = X_train.std(axis=0)
    return (X_train - mu) / sd, (X_test - mu) / sd
