"""avg[k] = decay * avg[k] + ...: updates the dictionary but replaces its arrays (identity lost)."""
TARGET = "ema_update"
EXPECT_MESSAGE = "in place"
import numpy as np


def ema_update(avg, params, decay):
    for k, v in params.items():
        if k not in avg:
            avg[k] = np.array(v, dtype=float, copy=True)
        else:
            avg[k] = decay * avg[k] + (1.0 - decay) * v
    return avg
