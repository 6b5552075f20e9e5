"""Softmax over the wrong axis: normalises each column (axis=0) instead of each row."""
TARGET = "softmax"
EXPECT_MESSAGE = "wrong axis"
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
