"""One step count for all keys: a key that appears later is corrected with the number of calls, not its own t."""
TARGET = "ema_debiased"
EXPECT_MESSAGE = "own count"
EXPECT_MISTAKE = "ema_debiased.global_count"
import numpy as np


def ema_debiased(state, params, decay):
    avg = state.setdefault("avg", {})
    state["t"] = state.get("t", 0) + 1
    out = {}
    for key, value in params.items():
        value = np.asarray(value, dtype=float)
        if key not in avg:
            avg[key] = np.zeros_like(value)
        avg[key] = decay * avg[key] + (1.0 - decay) * value
        out[key] = avg[key] / (1.0 - decay ** state["t"])
    return out
