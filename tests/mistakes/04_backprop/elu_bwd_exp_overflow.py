"""Exponentiates every x inside np.where: overflow for large positive x."""
TARGET = "elu_backward"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "elu_backward.numerical_warning"
import numpy as np


def elu_backward(dout, cache):
    x, alpha = cache
    return dout * np.where(x > 0, 1.0, alpha * np.exp(x))
