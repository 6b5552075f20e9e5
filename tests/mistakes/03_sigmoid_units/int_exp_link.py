"""Inverts the exp link (b = log rate) instead of the softplus."""
TARGET = "poisson_intercept"
EXPECT_MISTAKE = "poisson_intercept.exp_link"
import numpy as np


def poisson_intercept(t):
    t = np.asarray(t, dtype=np.float64)
    rate = float(np.mean(t))
    if not rate > 0.0:
        raise ValueError("all counts are 0")
    return float(np.log(rate))
