"""Restores x by arithmetic (x[i] += h, -= 2h, += h), which is not exact in floating point."""
TARGET = "numerical_gradient"
EXPECT_MESSAGE = "save"
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        fp = float(f(x))
        x[idx] -= 2 * h
        fm = float(f(x))
        x[idx] += h
        grad[idx] = (fp - fm) / (2 * h)
    return grad
