"""Row maximum and row sum without keepdims: broadcasting then mixes rows with columns (wrong for square input)."""
TARGET = "softmax"
import numpy as np


def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim == 1:
        e = np.exp(Z - Z.max())
        return e / e.sum()
    e = np.exp(Z - np.max(Z, axis=1))
    return e / np.sum(e, axis=1)
