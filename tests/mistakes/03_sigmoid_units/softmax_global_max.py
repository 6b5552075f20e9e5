"""Subtracts the maximum of the whole array instead of each row's: a row far below it underflows to 0/0."""
TARGET = "softmax"
EXPECT_MESSAGE = "row maximum"
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(Z - np.max(Z))
    with np.errstate(invalid="ignore"):
        return e / np.sum(e, axis=-1, keepdims=True)
