"""alpha and 1 - alpha swapped in the square average."""
TARGET = "rmsprop_update"
EXPECT_MESSAGE = "swapped"
import numpy as np


def rmsprop_update(w, dw, s, lr, alpha=0.99, eps=1e-8):
    s_new = (1 - alpha) * s + alpha * dw ** 2
    return w - lr * dw / (np.sqrt(s_new) + eps), s_new
