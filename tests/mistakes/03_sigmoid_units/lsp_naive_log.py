"""np.log of the softplus everywhere: log(0) with a warning once the rate underflows (z < -745)."""
TARGET = "log_softplus"
EXPECT_MISTAKE = "log_softplus.numerical_warning"
import numpy as np


def log_softplus(z):
    z = np.asarray(z, dtype=np.float64)
    return np.log(np.logaddexp(0.0, z))
