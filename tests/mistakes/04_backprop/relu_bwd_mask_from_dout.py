"""Takes the ReLU mask from the sign of dout instead of the forward input."""
TARGET = "relu_backward"
EXPECT_MESSAGE = "from dout"
import numpy as np


def relu_backward(dout, cache):
    return dout * (dout > 0)
