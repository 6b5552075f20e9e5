"""Mask [x >= 0]: lets the gradient through at the kink x = 0 (the convention is the subgradient 0)."""
TARGET = "relu_backward"
EXPECT_MESSAGE = "subgradient 0"
import numpy as np


def relu_backward(dout, cache):
    x = cache
    return dout * (x >= 0)
