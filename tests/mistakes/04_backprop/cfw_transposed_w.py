"""Reads the filter as w[k, o, c] (transposed channel axes); right only when it cannot tell."""
TARGET = "conv1d_forward"
EXPECT_MISTAKE = "conv1d_forward.transposed_w"
import numpy as np


def conv1d_forward(x, w, b):
    x, w, b = (np.asarray(a, dtype=np.float64) for a in (x, w, b))
    if x.ndim != 3 or w.ndim != 3 or w.shape[1] != x.shape[2] or b.shape != (w.shape[2],):
        raise ValueError("shapes do not fit")
    K, L = w.shape[0], x.shape[1]
    if K > L:
        raise ValueError("filter longer than the sequence")
    L_out = L - K + 1
    out = np.zeros((x.shape[0], L_out, w.shape[2])) + b
    for k in range(K):
        out += x[:, k:k + L_out, :] @ w[k].T
    return out, (x, w, b)
