"""Nesterov look-ahead missing: plain heavy-ball momentum."""
TARGET = "nesterov_update"
EXPECT_MESSAGE = "look-ahead"
import numpy as np


def nesterov_update(w, dw, v, lr, beta=0.9):
    v_new = beta * v + dw
    return w - lr * v_new, v_new
