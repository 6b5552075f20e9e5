"""Standardizes in place (X_train -= mu ...), overwriting the caller's data."""
TARGET = "standardize"
EXPECT_MESSAGE = "in place"
import numpy as np


def standardize(X_train, X_test):
    mu = X_train.mean(axis=0)
    sd = X_train.std(axis=0)
    sd = np.where(sd > 1e-12, sd, 1.0)
    X_train -= mu
    X_train /= sd
    X_test -= mu
    X_test /= sd
    return X_train, X_test
