"""The other label-smoothing convention: eps / (K - 1) on the wrong classes, 1 - eps on the true one."""
TARGET = "smoothed_cross_entropy"
EXPECT_MISTAKE = "smoothed_cross_entropy.k_minus_1"
import numpy as np


def smoothed_cross_entropy(logits, y, eps):
    logits = np.asarray(logits, dtype=float)
    n, K = logits.shape
    s = logits - logits.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    q = np.full((n, K), eps / (K - 1))
    q[np.arange(n), y] = 1 - eps
    return -float(np.sum(q * log_p)) / n, (np.exp(log_p) - q) / n
