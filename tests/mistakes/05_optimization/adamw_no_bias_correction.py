"""Leaves out Adam's bias correction (divides m by sqrt(v) directly)."""
TARGET = "adamw_update"
EXPECT_MISTAKE = "adamw_update.no_bias_correction"
import numpy as np


def adamw_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw * dw
    return w * (1 - lr * weight_decay) - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new
