"""Forgets the bias in the pre-activation: z = w . x instead of w . x + b."""
TARGET = "logistic_squared_loss_grads"
import numpy as np


def logistic_squared_loss_grads(w, b, x, t):
    z = np.dot(w, x)
    delta = (sigmoid(z) - t) * sigmoid_grad(z)
    return delta * np.asarray(x, dtype=np.float64), float(delta)
