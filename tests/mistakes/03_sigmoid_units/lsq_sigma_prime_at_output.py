"""Derivative at the wrong point: sigma' evaluated at the output y = sigma(z) instead of at z."""
TARGET = "logistic_squared_loss_grads"
EXPECT_MESSAGE = "wrong point"
import numpy as np


def logistic_squared_loss_grads(w, b, x, t):
    z = np.dot(w, x) + b
    y = sigmoid(z)
    delta = (y - t) * sigmoid_grad(y)
    return delta * np.asarray(x, dtype=np.float64), float(delta)
