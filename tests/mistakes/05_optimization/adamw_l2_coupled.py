"""L2 inside Adam: adds weight_decay * w to the gradient instead of decaying the weights directly."""
TARGET = "adamw_update"
EXPECT_MISTAKE = "adamw_update.l2_coupled"
EXPECT_MESSAGE = "L2"
import numpy as np


def adamw_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    g = dw + weight_decay * w
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
