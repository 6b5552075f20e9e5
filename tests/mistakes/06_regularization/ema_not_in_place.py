"""Builds a new dictionary of new arrays and returns it, leaving avg untouched."""
TARGET = "ema_update"
EXPECT_MESSAGE = "same dictionary"
import numpy as np


def ema_update(avg, params, decay):
    new = {}
    for k, v in params.items():
        new[k] = np.array(v, dtype=float) if k not in avg else decay * avg[k] + (1.0 - decay) * v
    return new
