"""log(exp(rate) - 1): for a tiny rate exp(rate) - 1 rounds to 0 (and it overflows for large rates)."""
TARGET = "poisson_intercept"
EXPECT_MISTAKE = "poisson_intercept.numerical_warning"
import numpy as np


def poisson_intercept(t):
    t = np.asarray(t, dtype=np.float64)
    rate = float(np.mean(t))
    if not rate > 0.0:
        raise ValueError("all counts are 0")
    return float(np.log(np.exp(rate) - 1.0) if rate < 700 else rate)
