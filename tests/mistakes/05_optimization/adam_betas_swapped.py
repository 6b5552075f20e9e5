"""beta and 1 - beta swapped in both moment averages."""
TARGET = "adam_update"
EXPECT_MESSAGE = "swapped"
import numpy as np


def adam_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = (1 - beta1) * m + beta1 * dw
    v_new = (1 - beta2) * v + beta2 * dw ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
