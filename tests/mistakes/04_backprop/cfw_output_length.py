"""Off by one: L - K output positions (range(L - K)) instead of L - K + 1."""
TARGET = "conv1d_forward"
EXPECT_MISTAKE = "conv1d_forward.output_length"
import numpy as np


def conv1d_forward(x, w, b):
    x, w, b = (np.asarray(a, dtype=np.float64) for a in (x, w, b))
    if x.ndim != 3 or w.ndim != 3 or w.shape[1] != x.shape[2] or b.shape != (w.shape[2],):
        raise ValueError("shapes do not fit")
    K, L = w.shape[0], x.shape[1]
    if K > L:
        raise ValueError("filter longer than the sequence")
    out = np.zeros((x.shape[0], L - K, w.shape[2]))
    for t in range(L - K):
        out[:, t, :] = np.einsum("ikc,kco->io", x[:, t:t + K, :], w) + b
    return out, (x, w, b)
