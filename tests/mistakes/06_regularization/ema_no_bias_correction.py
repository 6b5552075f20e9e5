"""The average starts at zero and is returned without the bias correction."""
TARGET = "ema_debiased"
EXPECT_MESSAGE = "biased"
EXPECT_MISTAKE = "ema_debiased.no_bias_correction"
import numpy as np


def ema_debiased(state, params, decay):
    avg = state.setdefault("avg", {})
    out = {}
    for key, value in params.items():
        value = np.asarray(value, dtype=float)
        if key not in avg:
            avg[key] = np.zeros_like(value)
        avg[key] = decay * avg[key] + (1.0 - decay) * value
        out[key] = avg[key].copy()
    return out
