"""Keeps the maximum of the squared gradients g**2 instead of the average v."""
TARGET = "amsgrad_update"
EXPECT_MISTAKE = "amsgrad_update.max_of_gradient_square"
import numpy as np


def amsgrad_update(w, dw, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw * dw
    m_hat = m_new / (1 - beta1 ** t)
    v_max_new = np.maximum(v_max, dw * dw)
    return w - lr * m_hat / (np.sqrt(v_max_new / (1 - beta2 ** t)) + eps), m_new, v_new, v_max_new
