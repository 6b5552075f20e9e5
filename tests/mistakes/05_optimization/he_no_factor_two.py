"""std sqrt(1 / n_in) (LeCun): the ReLU factor 2 is missing."""
TARGET = "he_init"
import numpy as np


def he_init(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))
