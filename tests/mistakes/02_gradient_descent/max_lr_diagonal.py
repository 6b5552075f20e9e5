"""Took the largest diagonal entry for lambda_max (true only for a diagonal H)."""
TARGET = "max_stable_lr"
EXPECT_MESSAGE = "diagonal"
import numpy as np


def max_stable_lr(H):
    return 2.0 / np.max(np.diag(H))
