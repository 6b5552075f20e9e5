"""Returns the 0/1 mask [x > 0] (the derivative) instead of max(0, x)."""
TARGET = "relu_forward"
EXPECT_MESSAGE = "mask"
import numpy as np


def relu_forward(x):
    return (x > 0).astype(np.float64), x
