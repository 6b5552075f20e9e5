"""The row maximum is -inf for a fully switched-off row: -inf - (-inf) = nan."""
TARGET = "logsumexp"
EXPECT_MISTAKE = "logsumexp.numerical_warning"
import numpy as np


def logsumexp(Z):
    Z = np.asarray(Z, dtype=np.float64)
    m = np.max(Z, axis=-1, keepdims=True)
    return m[..., 0] + np.log(np.sum(np.exp(Z - m), axis=-1))
