"""The step forgets the current gradient: w - lr*beta*v_new."""
TARGET = "nesterov_update"
EXPECT_MESSAGE = "gradient is missing"
import numpy as np


def nesterov_update(w, dw, v, lr, beta=0.9):
    v_new = beta * v + dw
    return w - lr * beta * v_new, v_new
