"""Only the first moment is bias-corrected."""
TARGET = "adam_update"
EXPECT_MESSAGE = "only m"
import numpy as np


def adam_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m_new / (1 - beta1 ** t)
    return w - lr * m_hat / (np.sqrt(v_new) + eps), m_new, v_new
