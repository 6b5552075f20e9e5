"""Divides by the SMALLEST eigenvalue: the steep directions blow up."""
TARGET = "choose_lr"
EXPECT_MISTAKE = "choose_lr.smallest_eigenvalue"
import numpy as np


def choose_lr(X, lam):
    H = X.T @ X / X.shape[0]
    H[1:, 1:] += lam * np.eye(X.shape[1] - 1)
    return 1.0 / np.linalg.eigvalsh(H)[0]
