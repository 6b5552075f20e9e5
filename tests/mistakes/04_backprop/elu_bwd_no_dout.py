"""Returns the local slope only, forgetting to multiply by the upstream dout."""
TARGET = "elu_backward"
EXPECT_MISTAKE = "elu_backward.dout_ignored"
import numpy as np


def elu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0))) * np.ones_like(dout)
