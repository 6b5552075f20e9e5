"""decay and 1 - decay swapped: the new value gets the weight decay."""
TARGET = "ema_debiased"
EXPECT_MISTAKE = "ema_debiased.decay_swapped"
import numpy as np


def ema_debiased(state, params, decay):
    avg = state.setdefault("avg", {})
    count = state.setdefault("t", {})
    out = {}
    for key, value in params.items():
        value = np.asarray(value, dtype=float)
        if key not in avg:
            avg[key], count[key] = np.zeros_like(value), 0
        count[key] += 1
        avg[key] = (1.0 - decay) * avg[key] + decay * value
        out[key] = avg[key] / (1.0 - (1.0 - decay) ** count[key])
    return out
