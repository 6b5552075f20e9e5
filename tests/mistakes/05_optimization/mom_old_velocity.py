"""Steps with the old velocity, then updates it."""
TARGET = "momentum_update"
EXPECT_MESSAGE = "old velocity"
import numpy as np


def momentum_update(w, dw, v, lr, beta=0.9):
    w_new = w - lr * v
    v_new = beta * v + dw
    return w_new, v_new
