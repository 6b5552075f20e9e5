"""The negative branch uses alpha = 1 whatever alpha is given."""
TARGET = "elu_forward"
EXPECT_MESSAGE = "alpha = 1"
EXPECT_MISTAKE = "elu_forward.alpha_ignored"
import numpy as np


def elu_forward(x, alpha=1.0):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))), (x, alpha)
