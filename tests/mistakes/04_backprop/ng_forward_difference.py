"""Forward difference (f(x + h) - f(x)) / h instead of the central difference: error of order h."""
TARGET = "numerical_gradient"
EXPECT_MESSAGE = "forward difference"
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    f0 = float(f(x))
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        grad[idx] = (float(f(x)) - f0) / h
        x[idx] = old
    return grad
