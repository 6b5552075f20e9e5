"""Treats the pre-activation as the output: returns z(1 - z) instead of sigma(z)(1 - sigma(z))."""
TARGET = "sigmoid_grad"
EXPECT_MESSAGE = "needs s"
import numpy as np


def sigmoid_grad(z):
    z = np.asarray(z, dtype=np.float64)
    return z * (1.0 - z)
