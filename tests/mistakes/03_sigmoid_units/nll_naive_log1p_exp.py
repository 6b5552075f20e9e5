"""log1p(exp(-2tz)) without care: exp overflows for a confidently wrong unit (tz < -355)."""
TARGET = "tanh_nll"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "tanh_nll.numerical_warning"
import numpy as np


def tanh_nll(z, t):
    z = np.asarray(z, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    return np.log1p(np.exp(-2.0 * t * z))
