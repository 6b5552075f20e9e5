"""Shifts every row by the maximum of the whole batch: far-away rows underflow to log(0)."""
TARGET = "logsumexp"
EXPECT_MISTAKE = "logsumexp.numerical_warning"
import numpy as np


def logsumexp(Z):
    Z = np.asarray(Z, dtype=np.float64)
    m = np.max(Z)
    return m + np.log(np.sum(np.exp(Z - m), axis=-1))
