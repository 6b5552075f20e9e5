"""Used the smallest eigenvalue: 2/lambda_min."""
TARGET = "max_stable_lr"
EXPECT_MESSAGE = "smallest eigenvalue"
import numpy as np


def max_stable_lr(H):
    return 2.0 / np.linalg.eigvalsh(H)[0]
