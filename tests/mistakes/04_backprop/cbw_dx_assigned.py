"""dx assigned (=) instead of accumulated (+=): overlapping windows lose all but one contribution."""
TARGET = "conv1d_backward"
EXPECT_MISTAKE = "conv1d_backward.dx_overlap"
import numpy as np


def conv1d_backward(dout, cache):
    x, w, b = cache
    L_out = dout.shape[1]
    dx, dw = np.zeros(x.shape), np.zeros(w.shape)
    for k in range(w.shape[0]):
        dw[k] = np.tensordot(x[:, k:k + L_out, :], dout, axes=([0, 1], [0, 1]))
        dx[:, k:k + L_out, :] = dout @ w[k].T
    return dx, dw, dout.sum(axis=(0, 1))
