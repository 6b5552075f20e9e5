"""The other convention v = beta*v - lr*g, w = w + v: same weights, velocity scaled by -lr."""
TARGET = "momentum_update"
EXPECT_MESSAGE = "convention"
import numpy as np


def momentum_update(w, dw, v, lr, beta=0.9):
    v_new = beta * v - lr * dw
    return w + v_new, v_new
