"""Loops over len(x) only: on a 2-D x it nudges whole rows at once instead of single entries."""
TARGET = "numerical_gradient"
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in range(len(x)):
        old = np.copy(x[i])
        x[i] = old + h
        fp = float(f(x))
        x[i] = old - h
        fm = float(f(x))
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad
