"""decay and 1 - decay swapped: the new parameters get the large weight."""
TARGET = "ema_update"
EXPECT_MESSAGE = "swapped"
import numpy as np


def ema_update(avg, params, decay):
    for k, v in params.items():
        if k not in avg:
            avg[k] = np.array(v, dtype=float, copy=True)
        else:
            avg[k][...] = (1.0 - decay) * avg[k] + decay * v
    return avg
