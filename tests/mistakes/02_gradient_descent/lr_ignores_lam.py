"""Uses the Hessian X^T X / n of the data term only, forgetting the penalty's curvature."""
TARGET = "choose_lr"
EXPECT_MISTAKE = "choose_lr.ignores_penalty"
import numpy as np


def choose_lr(X, lam):
    ev = np.linalg.eigvalsh(X.T @ X / X.shape[0])
    return 2.0 / (ev[0] + ev[-1])
