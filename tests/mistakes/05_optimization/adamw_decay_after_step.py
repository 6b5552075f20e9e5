"""Decays the weights after Adam's step instead of the weights before it."""
TARGET = "adamw_update"
EXPECT_MESSAGE = "after"
EXPECT_MISTAKE = "adamw_update.decay_after_step"
import numpy as np


def adamw_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw * dw
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    w_step = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_step * (1 - lr * weight_decay), m_new, v_new
