"""Uses x >= 0 for the identity branch: slope 1 instead of alpha at exactly x = 0."""
TARGET = "elu_backward"
EXPECT_MESSAGE = "x <= 0 branch"
EXPECT_MISTAKE = "elu_backward.slope_at_zero"
import numpy as np


def elu_backward(dout, cache):
    x, alpha = cache
    return dout * np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))
