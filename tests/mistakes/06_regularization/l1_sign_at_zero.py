"""Subgradient +lam at w = 0 (np.where(W >= 0, 1, -1) instead of the contract's 0)."""
TARGET = "l1_penalty_and_grads"
EXPECT_MISTAKE = "l1_penalty_and_grads.subgradient_at_zero"
import numpy as np


def l1_penalty_and_grads(params, lam):
    penalty, grads = 0.0, {}
    for key, value in params.items():
        value = np.asarray(value, dtype=float)
        if key.startswith("W"):
            penalty += lam * float(np.sum(np.abs(value)))
            grads[key] = lam * np.where(value >= 0, 1.0, -1.0)
        else:
            grads[key] = np.zeros_like(value)
    return penalty, grads
