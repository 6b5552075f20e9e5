"""Returns the best rate itself as the bias: forgets that the unit's rate is softplus(b)."""
TARGET = "poisson_intercept"
EXPECT_MISTAKE = "poisson_intercept.rate_as_bias"
import numpy as np


def poisson_intercept(t):
    t = np.asarray(t, dtype=np.float64)
    rate = float(np.mean(t))
    if not rate > 0.0:
        raise ValueError("all counts are 0")
    return rate
