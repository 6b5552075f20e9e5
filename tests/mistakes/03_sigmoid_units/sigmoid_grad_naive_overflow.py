"""Naive closed form exp(-z)/(1 + exp(-z))^2: overflows for very negative z (and gives nan)."""
TARGET = "sigmoid_grad"
EXPECT_MESSAGE = "overflow"
import numpy as np


def sigmoid_grad(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-z)
    return e / (1.0 + e) ** 2
