"""Gradient one-hot minus softmax: the sign flipped."""
TARGET = "softmax_cross_entropy"
EXPECT_MESSAGE = "sign flipped"
import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    rows = np.arange(n)
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1)
    loss = float(np.mean(np.log(s) - shifted[rows, y]))
    p = e / s[:, None]
    onehot = np.zeros_like(p)
    onehot[rows, y] = 1.0
    return loss, (onehot - p) / n
