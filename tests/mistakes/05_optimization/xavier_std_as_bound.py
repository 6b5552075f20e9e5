"""Uses the wanted standard deviation sqrt(2/(n_in+n_out)) as the uniform bound."""
TARGET = "xavier_init"
EXPECT_MESSAGE = "a^2 / 3"
import numpy as np


def xavier_init(n_in, n_out, rng):
    a = np.sqrt(2.0 / (n_in + n_out))
    return rng.uniform(-a, a, size=(n_in, n_out))
