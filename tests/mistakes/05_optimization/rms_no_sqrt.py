"""Divides by s + eps instead of sqrt(s) + eps."""
TARGET = "rmsprop_update"
EXPECT_MESSAGE = "square root"
import numpy as np


def rmsprop_update(w, dw, s, lr, alpha=0.99, eps=1e-8):
    s_new = alpha * s + (1 - alpha) * dw ** 2
    return w - lr * dw / (s_new + eps), s_new
