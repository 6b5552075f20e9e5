"""Sutskever's convention v = beta*v - lr*g with the velocity scaled by -lr."""
TARGET = "nesterov_update"
EXPECT_MESSAGE = "convention"
import numpy as np


def nesterov_update(w, dw, v, lr, beta=0.9):
    v_new = beta * v - lr * dw
    return w + beta * v_new - lr * dw, v_new
