"""Zeroes the negative entries of the caller's array in place: x[x < 0] = 0."""
TARGET = "relu_forward"
EXPECT_MESSAGE = "in place"
import numpy as np


def relu_forward(x):
    x[x < 0] = 0.0
    return x, x
