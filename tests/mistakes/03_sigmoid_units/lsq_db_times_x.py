"""Bias gradient multiplied by x, as if the bias had input x (db has shape (d,) instead of a scalar)."""
TARGET = "logistic_squared_loss_grads"
EXPECT_MESSAGE = "scalar"
import numpy as np


def logistic_squared_loss_grads(w, b, x, t):
    z = np.dot(w, x) + b
    delta = (sigmoid(z) - t) * sigmoid_grad(z)
    dw = delta * np.asarray(x, dtype=np.float64)
    return dw, dw.copy()
