"""Writes the negative branch into x itself (modifies the caller's array)."""
TARGET = "elu_forward"
EXPECT_MESSAGE = "modified"
EXPECT_MISTAKE = "elu_forward.modified_input"
import numpy as np


def elu_forward(x, alpha=1.0):
    neg = x <= 0
    x[neg] = alpha * np.expm1(x[neg])
    return x, (x, alpha)
