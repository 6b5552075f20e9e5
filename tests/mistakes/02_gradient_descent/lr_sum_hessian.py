"""Uses the lecture's sum Hessian X^T X (no 1/n): a step n times too small."""
TARGET = "choose_lr"
EXPECT_MISTAKE = "choose_lr.sum_hessian"
EXPECT_MESSAGE = "too small"
import numpy as np


def choose_lr(X, lam):
    H = X.T @ X
    H[1:, 1:] += lam * np.eye(X.shape[1] - 1)
    return 1.0 / np.linalg.eigvalsh(H)[-1]
