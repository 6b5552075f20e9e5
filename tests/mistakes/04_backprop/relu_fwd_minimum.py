"""min(0, x) instead of max(0, x)."""
TARGET = "relu_forward"
EXPECT_MESSAGE = "min(0, x)"
import numpy as np


def relu_forward(x):
    return np.minimum(x, 0.0), x
