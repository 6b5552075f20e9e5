"""Never puts the entry back: x is left at x - h everywhere (and later entries see a shifted point)."""
TARGET = "numerical_gradient"
EXPECT_MESSAGE = "saved original value"
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = float(f(x))
        x[idx] = old - h
        fm = float(f(x))
        grad[idx] = (fp - fm) / (2 * h)
    return grad
