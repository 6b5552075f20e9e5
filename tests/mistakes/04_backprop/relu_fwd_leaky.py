"""A leaky ReLU (slope 0.01 for x < 0) where the plain ReLU was asked."""
TARGET = "relu_forward"
import numpy as np


def relu_forward(x):
    return np.where(x > 0, x, 0.01 * x), x
