"""Takes the stability limit 2 / lambda_max itself: the steepest direction never settles."""
TARGET = "choose_lr"
EXPECT_MISTAKE = "choose_lr.at_stability_limit"
import numpy as np


def choose_lr(X, lam):
    H = X.T @ X / X.shape[0]
    H[1:, 1:] += lam * np.eye(X.shape[1] - 1)
    return 2.0 / np.linalg.eigvalsh(H)[-1]
