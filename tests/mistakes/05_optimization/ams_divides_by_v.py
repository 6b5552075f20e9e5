"""Tracks v_max but still divides by Adam's v_hat."""
TARGET = "amsgrad_update"
EXPECT_MISTAKE = "amsgrad_update.no_max"
import numpy as np


def amsgrad_update(w, dw, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw * dw
    m_hat = m_new / (1 - beta1 ** t)
    v_max_new = np.maximum(v_max, v_new)
    return w - lr * m_hat / (np.sqrt(v_new / (1 - beta2 ** t)) + eps), m_new, v_new, v_max_new
