"""Sign flipped: w + lr*(g + beta*v)."""
TARGET = "nesterov_update"
EXPECT_MESSAGE = "sign"
import numpy as np


def nesterov_update(w, dw, v, lr, beta=0.9):
    v_new = beta * v + dw
    return w + lr * (dw + beta * v_new), v_new
