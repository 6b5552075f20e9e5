"""Sign flipped: uses (t - y) instead of (y - t) for dL/dy."""
TARGET = "logistic_squared_loss_grads"
EXPECT_MESSAGE = "sign"
import numpy as np


def logistic_squared_loss_grads(w, b, x, t):
    z = np.dot(w, x) + b
    delta = (t - sigmoid(z)) * sigmoid_grad(z)
    return delta * np.asarray(x, dtype=np.float64), float(delta)
