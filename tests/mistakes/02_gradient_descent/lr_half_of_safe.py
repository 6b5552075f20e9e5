"""Plays safe with 0.5 / lambda_max: stable, but too slow along the flattest direction."""
TARGET = "choose_lr"
EXPECT_MISTAKE = "choose_lr.too_cautious"
import numpy as np


def choose_lr(X, lam):
    H = X.T @ X / X.shape[0]
    H[1:, 1:] += lam * np.eye(X.shape[1] - 1)
    return 0.5 / np.linalg.eigvalsh(H)[-1]
