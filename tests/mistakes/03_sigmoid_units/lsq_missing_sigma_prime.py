"""Forgets the factor sigma'(z) from the chain rule: returns the cross-entropy gradient (y - t) x."""
TARGET = "logistic_squared_loss_grads"
EXPECT_MESSAGE = "left out"
import numpy as np


def logistic_squared_loss_grads(w, b, x, t):
    z = np.dot(w, x) + b
    delta = sigmoid(z) - t
    return delta * np.asarray(x, dtype=np.float64), float(delta)
