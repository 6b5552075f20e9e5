"""Shifts by the max but takes log(softmax): a probability that underflows to 0 gives log(0)."""
TARGET = "softmax_cross_entropy"
EXPECT_MESSAGE = "numpy warning"
import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    rows = np.arange(n)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    loss = float(-np.mean(np.log(p[rows, y])))
    dlogits = p.copy()
    dlogits[rows, y] -= 1.0
    return loss, dlogits / n
