"""Sign slip: log(1 + e^{2tz}) is the loss of the other target."""
TARGET = "tanh_nll"
EXPECT_MISTAKE = "tanh_nll.sign_flipped"
import numpy as np


def tanh_nll(z, t):
    z = np.asarray(z, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    return np.logaddexp(0.0, 2.0 * t * z)
