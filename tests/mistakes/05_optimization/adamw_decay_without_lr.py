"""Shrinks the weights by weight_decay * w, forgetting the learning rate in the decay."""
TARGET = "adamw_update"
EXPECT_MESSAGE = "learning rate"
EXPECT_MISTAKE = "adamw_update.decay_without_lr"
import numpy as np


def adamw_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw * dw
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w * (1 - weight_decay) - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
