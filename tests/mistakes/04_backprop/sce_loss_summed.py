"""The loss is summed over the batch instead of averaged (the gradient is right)."""
TARGET = "softmax_cross_entropy"
EXPECT_MESSAGE = "times too large"
import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    rows = np.arange(n)
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1)
    loss = float(np.sum(np.log(s) - shifted[rows, y]))
    dlogits = e / s[:, None]
    dlogits[rows, y] -= 1.0
    return loss, dlogits / n
