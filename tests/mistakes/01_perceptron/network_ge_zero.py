"""Uses step(z) = 1 for z >= 0: a pre-activation of exactly 0 fires."""
TARGET = "threshold_network"
EXPECT_MISTAKE = "threshold_network.step_at_zero"
import numpy as np


def threshold_network(X, W1, b1, w2, b2, return_hidden=False):
    X = np.asarray(X, dtype=float)
    H = (X @ W1 + b1 >= 0).astype(int)
    out = (H @ w2 + b2 >= 0).astype(int)
    return (out, H) if return_hidden else out
