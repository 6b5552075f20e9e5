"""Divided by the trace (the sum of all eigenvalues) instead of the largest eigenvalue."""
TARGET = "max_stable_lr"
EXPECT_MESSAGE = "trace"
import numpy as np


def max_stable_lr(H):
    return 2.0 / np.trace(H)
