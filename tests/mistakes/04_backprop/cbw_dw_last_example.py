"""dw not summed over the batch: a loop over the examples assigns, so only the last example is left."""
TARGET = "conv1d_backward"
EXPECT_MISTAKE = "conv1d_backward.dw_batch"
import numpy as np


def conv1d_backward(dout, cache):
    x, w, b = cache
    L_out = dout.shape[1]
    dx, dw = np.zeros(x.shape), np.zeros(w.shape)
    for i in range(x.shape[0]):
        for k in range(w.shape[0]):
            dw[k] = x[i, k:k + L_out, :].T @ dout[i]
            dx[i, k:k + L_out, :] += dout[i] @ w[k].T
    return dx, dw, dout.sum(axis=(0, 1))
