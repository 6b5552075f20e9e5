"""The slope of the negative branch is exp(x), without alpha."""
TARGET = "elu_backward"
EXPECT_MISTAKE = "elu_backward.alpha_ignored"
import numpy as np


def elu_backward(dout, cache):
    x, alpha = cache
    return dout * np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0)))
