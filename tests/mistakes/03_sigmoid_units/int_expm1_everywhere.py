"""log(expm1(rate)) for every rate: expm1 overflows for rates above 709."""
TARGET = "poisson_intercept"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "poisson_intercept.numerical_warning"
import numpy as np


def poisson_intercept(t):
    t = np.asarray(t, dtype=np.float64)
    rate = float(np.mean(t))
    if not rate > 0.0:
        raise ValueError("all counts are 0")
    return float(np.log(np.expm1(rate)))
