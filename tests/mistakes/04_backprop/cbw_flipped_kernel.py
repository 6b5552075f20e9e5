"""Backward of a true convolution: the error signal meets the filter flipped (w[K-1-k] for w[k])."""
TARGET = "conv1d_backward"
EXPECT_MISTAKE = "conv1d_backward.flipped_kernel"
import numpy as np


def conv1d_backward(dout, cache):
    x, w, b = cache
    K, L_out = w.shape[0], dout.shape[1]
    dx, dw = np.zeros(x.shape), np.zeros(w.shape)
    for k in range(K):
        dw[K - 1 - k] = np.tensordot(x[:, k:k + L_out, :], dout, axes=([0, 1], [0, 1]))
        dx[:, k:k + L_out, :] += dout @ w[K - 1 - k].T
    return dx, dw, dout.sum(axis=(0, 1))
