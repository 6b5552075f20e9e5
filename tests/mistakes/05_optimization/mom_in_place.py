"""Updates w and v in place (w -= lr*v) and returns the caller's arrays."""
TARGET = "momentum_update"
EXPECT_MESSAGE = "in place"
import numpy as np


def momentum_update(w, dw, v, lr, beta=0.9):
    v *= beta
    v += dw
    w -= lr * v
    return w, v
