"""log softplus(z) = z used from z < -10 on: off by about e^z/2 there, far above 1e-12 relative."""
TARGET = "log_softplus"
EXPECT_MISTAKE = "log_softplus.asymptote_too_early"
import numpy as np


def log_softplus(z):
    z = np.asarray(z, dtype=np.float64)
    out = z.copy()
    m = z >= -10.0
    out[m] = np.log(np.logaddexp(0.0, z[m]))
    return out
