"""Modifies w and v in place."""
TARGET = "nesterov_update"
EXPECT_MESSAGE = "in place"
import numpy as np


def nesterov_update(w, dw, v, lr, beta=0.9):
    v *= beta
    v += dw
    w -= lr * (dw + beta * v)
    return w, v
