"""Smoothed loss, but the gradient of the unsmoothed one, (p - onehot) / n."""
TARGET = "smoothed_cross_entropy"
EXPECT_MISTAKE = "smoothed_cross_entropy.grad_unsmoothed"
import numpy as np


def smoothed_cross_entropy(logits, y, eps):
    logits = np.asarray(logits, dtype=float)
    n, K = logits.shape
    s = logits - logits.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    q = np.full((n, K), eps / K)
    q[np.arange(n), y] += 1 - eps
    onehot = np.eye(K)[y]
    return -float(np.sum(q * log_p)) / n, (np.exp(log_p) - onehot) / n
