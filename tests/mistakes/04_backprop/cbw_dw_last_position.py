"""dw not summed over the positions: a loop over t assigns, so only the last window's contribution is left."""
TARGET = "conv1d_backward"
EXPECT_MISTAKE = "conv1d_backward.dw_positions"
import numpy as np


def conv1d_backward(dout, cache):
    x, w, b = cache
    K = w.shape[0]
    dx, dw = np.zeros(x.shape), np.zeros(w.shape)
    for t in range(dout.shape[1]):
        dw = np.einsum("ikc,io->kco", x[:, t:t + K, :], dout[:, t, :])
        dx[:, t:t + K, :] += np.einsum("io,kco->ikc", dout[:, t, :], w)
    return dx, dw, dout.sum(axis=(0, 1))
