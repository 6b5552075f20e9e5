"""Bias correction folded into the learning rate with eps added to the uncorrected sqrt(v) (the paper's epsilon hat)."""
TARGET = "adam_update"
EXPECT_MESSAGE = "epsilon hat"
import math

import numpy as np


def adam_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    lr_t = lr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return w - lr_t * m_new / (np.sqrt(v_new) + eps), m_new, v_new
