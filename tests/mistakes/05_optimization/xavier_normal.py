"""Normal instead of uniform for Xavier (same variance)."""
TARGET = "xavier_init"
EXPECT_MESSAGE = "uniform"
import numpy as np


def xavier_init(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
