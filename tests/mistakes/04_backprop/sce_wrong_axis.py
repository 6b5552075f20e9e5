"""Softmax normalised over the batch (axis 0) instead of over the classes (axis 1)."""
TARGET = "softmax_cross_entropy"
EXPECT_MESSAGE = "wrong axis"
import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    rows = np.arange(n)
    shifted = logits - logits.max(axis=0, keepdims=True)
    e = np.exp(shifted)
    p = e / e.sum(axis=0, keepdims=True)
    loss = float(-np.mean(np.log(p[rows, y])))
    dlogits = p.copy()
    dlogits[rows, y] -= 1.0
    return loss, dlogits / n
