"""Central difference divided by h instead of 2h: every entry twice too large."""
TARGET = "numerical_gradient"
EXPECT_MESSAGE = "2h"
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = float(f(x))
        x[idx] = old - h
        fm = float(f(x))
        x[idx] = old
        grad[idx] = (fp - fm) / h
    return grad
