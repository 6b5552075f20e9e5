"""All-zero counts are not rejected: returns -inf (with a warning) instead of raising ValueError."""
TARGET = "poisson_intercept"
EXPECT_MISTAKE = "poisson_intercept.no_exception"
import numpy as np


def poisson_intercept(t):
    t = np.asarray(t, dtype=np.float64)
    rate = float(np.mean(t))
    if rate < 30.0:
        with np.errstate(divide="ignore"):
            return float(np.log(np.expm1(rate)))
    return float(rate + np.log1p(-np.exp(-rate)))
