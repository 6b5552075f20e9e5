"""Forgets the - 1: alpha * exp(x) for x <= 0, so elu(0) = alpha."""
TARGET = "elu_forward"
EXPECT_MESSAGE = "- 1"
EXPECT_MISTAKE = "elu_forward.no_minus_one"
import numpy as np


def elu_forward(x, alpha=1.0):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * np.exp(np.minimum(x, 0.0))), (x, alpha)
