"""First call stores the parameter arrays themselves: the average then follows the live weights."""
TARGET = "ema_update"
EXPECT_MESSAGE = "COPY"
import numpy as np


def ema_update(avg, params, decay):
    for k, v in params.items():
        if k not in avg:
            avg[k] = v
        else:
            avg[k][...] = decay * avg[k] + (1.0 - decay) * v
    return avg
