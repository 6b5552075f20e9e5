"""Subtracts the row maximum in place (Z -= ...), silently changing the caller's array."""
TARGET = "softmax"
EXPECT_MESSAGE = "in place"
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    Z -= np.max(Z, axis=-1, keepdims=True)
    e = np.exp(Z)
    return e / np.sum(e, axis=-1, keepdims=True)
