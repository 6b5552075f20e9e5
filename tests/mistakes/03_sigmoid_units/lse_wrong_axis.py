"""Reduces over the first axis (the examples) instead of the last (the classes)."""
TARGET = "logsumexp"
EXPECT_MISTAKE = "logsumexp.wrong_shape"
import numpy as np


def logsumexp(Z):
    Z = np.asarray(Z, dtype=np.float64)
    m = np.max(Z, axis=0, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    s = np.sum(np.exp(Z - m), axis=0)
    out = np.full(s.shape, -np.inf)
    np.log(s, out=out, where=s > 0)
    return out + m[0]
