"""No shift by the maximum: exp overflows for scores around 1000."""
TARGET = "logsumexp"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "logsumexp.numerical_warning"
import numpy as np


def logsumexp(Z):
    Z = np.asarray(Z, dtype=np.float64)
    return np.log(np.sum(np.exp(Z), axis=-1))
