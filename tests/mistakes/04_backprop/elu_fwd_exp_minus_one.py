"""Computes exp(x) - 1 instead of expm1: digits lost to cancellation near 0."""
TARGET = "elu_forward"
EXPECT_MISTAKE = "elu_forward.exp_minus_one"
EXPECT_MESSAGE = "expm1"
import numpy as np


def elu_forward(x, alpha=1.0):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0.0)) - 1.0)), (x, alpha)
