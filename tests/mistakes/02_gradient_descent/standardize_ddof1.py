"""Sample standard deviation (ddof=1) instead of the population one."""
TARGET = "standardize"
EXPECT_MESSAGE = "ddof=1"
import numpy as np


def standardize(X_train, X_test):
    mu = X_train.mean(axis=0)
    sd = X_train.std(axis=0, ddof=1)
    sd = np.where(sd > 1e-12, sd, 1.0)
    return (X_train - mu) / sd, (X_test - mu) / sd
