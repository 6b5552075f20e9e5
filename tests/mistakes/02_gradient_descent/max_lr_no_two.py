"""Returned 1/lambda_max, forgetting that |1 - eta lambda| < 1 allows eta up to 2/lambda."""
TARGET = "max_stable_lr"
EXPECT_MESSAGE = "1/lambda_max"
import numpy as np


def max_stable_lr(H):
    return 1.0 / np.linalg.eigvalsh(H).max()
