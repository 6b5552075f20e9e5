"""Updates s and w in place."""
TARGET = "rmsprop_update"
EXPECT_MESSAGE = "in place"
import numpy as np


def rmsprop_update(w, dw, s, lr, alpha=0.99, eps=1e-8):
    s *= alpha
    s += (1 - alpha) * dw ** 2
    w -= lr * dw / (np.sqrt(s) + eps)
    return w, s
