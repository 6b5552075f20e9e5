"""Steps with the old square average, then updates it."""
TARGET = "rmsprop_update"
EXPECT_MESSAGE = "old average"
import numpy as np


def rmsprop_update(w, dw, s, lr, alpha=0.99, eps=1e-8):
    w_new = w - lr * dw / (np.sqrt(s) + eps)
    s_new = alpha * s + (1 - alpha) * dw ** 2
    return w_new, s_new
