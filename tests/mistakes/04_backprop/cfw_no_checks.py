"""Checks no shapes: a filter longer than the sequence gives an empty output instead of a ValueError."""
TARGET = "conv1d_forward"
EXPECT_MISTAKE = "conv1d_forward.no_exception"
import numpy as np


def conv1d_forward(x, w, b):
    x, w, b = (np.asarray(a, dtype=np.float64) for a in (x, w, b))
    L_out = max(x.shape[1] - w.shape[0] + 1, 0)
    out = np.zeros((x.shape[0], L_out, w.shape[2])) + b
    for k in range(w.shape[0]):
        out += x[:, k:k + L_out, :] @ w[k]
    return out, (x, w, b)
