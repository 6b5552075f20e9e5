"""Returns the bias-corrected m_hat, v_hat as the state instead of m, v."""
TARGET = "adam_update"
EXPECT_MESSAGE = "raw"
import numpy as np


def adam_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_hat = (beta1 * m + (1 - beta1) * dw) / (1 - beta1 ** t)
    v_hat = (beta2 * v + (1 - beta2) * dw ** 2) / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat
