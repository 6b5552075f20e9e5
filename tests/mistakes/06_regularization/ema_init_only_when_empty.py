"""Missing keys are added only when the state is empty (the first call): a key that appears later is lost."""
TARGET = "ema_debiased"
EXPECT_MISTAKE = "ema_debiased.new_key_dropped"
import numpy as np


def ema_debiased(state, params, decay):
    if not state:
        state["avg"] = {k: np.zeros_like(np.asarray(v, dtype=float)) for k, v in params.items()}
        state["t"] = {k: 0 for k in params}
    out = {}
    for key, value in params.items():
        if key not in state["avg"]:
            continue
        state["t"][key] += 1
        state["avg"][key] = decay * state["avg"][key] + (1.0 - decay) * np.asarray(value, dtype=float)
        out[key] = state["avg"][key] / (1.0 - decay ** state["t"][key])
    return out
