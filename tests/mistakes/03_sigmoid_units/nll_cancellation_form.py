"""The R1 form log(1 + e^{2z}) - (1 + t) z: never overflows but loses relative accuracy when the loss is tiny."""
TARGET = "tanh_nll"
EXPECT_MESSAGE = "subtracts two numbers"
EXPECT_MISTAKE = "tanh_nll.cancellation"
import numpy as np


def tanh_nll(z, t):
    z = np.asarray(z, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    return np.logaddexp(0.0, 2.0 * z) - (1.0 + t) * z
