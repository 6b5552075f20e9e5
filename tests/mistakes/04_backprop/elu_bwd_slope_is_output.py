"""Uses the ELU output alpha*(exp(x) - 1) as the slope of the negative branch instead of its derivative."""
TARGET = "elu_backward"
EXPECT_MISTAKE = "elu_backward.slope_is_output"
EXPECT_MESSAGE = "not the output itself"
import numpy as np


def elu_backward(dout, cache):
    x, alpha = cache
    return dout * np.where(x > 0, 1.0, alpha * np.expm1(np.minimum(x, 0.0)))
