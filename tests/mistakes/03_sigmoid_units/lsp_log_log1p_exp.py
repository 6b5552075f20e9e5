"""log(log1p(exp(z))): exp overflows for z > 709."""
TARGET = "log_softplus"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "log_softplus.numerical_warning"
import numpy as np


def log_softplus(z):
    z = np.asarray(z, dtype=np.float64)
    return np.log(np.log1p(np.exp(z)))
