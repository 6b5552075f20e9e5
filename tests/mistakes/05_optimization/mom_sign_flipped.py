"""Momentum sign flipped: w + lr*v moves uphill."""
TARGET = "momentum_update"
EXPECT_MESSAGE = "sign"
import numpy as np


def momentum_update(w, dw, v, lr, beta=0.9):
    v_new = beta * v + dw
    return w + lr * v_new, v_new
