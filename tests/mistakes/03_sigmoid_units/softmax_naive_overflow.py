"""Naive exp(Z) / sum exp(Z) without subtracting the maximum: exp overflows (inf/inf = nan)."""
TARGET = "softmax"
EXPECT_MESSAGE = "overflow"
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(Z)
    return e / np.sum(e, axis=-1, keepdims=True)
