"""np.where(x > 0, x, alpha*(exp(x) - 1)) evaluates exp on large positive x too: overflow warning at x = 1000."""
TARGET = "elu_forward"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "elu_forward.numerical_warning"
import numpy as np


def elu_forward(x, alpha=1.0):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * (np.exp(x) - 1)), (x, alpha)
