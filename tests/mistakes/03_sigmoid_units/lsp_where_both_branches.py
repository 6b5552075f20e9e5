"""np.where evaluates both branches: the log of an underflowed softplus still warns."""
TARGET = "log_softplus"
EXPECT_MISTAKE = "log_softplus.numerical_warning"
import numpy as np


def log_softplus(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z < -30.0, z, np.log(np.logaddexp(0.0, z)))
