"""log(softmax) computed naively: exp overflows for large logits."""
TARGET = "smoothed_cross_entropy"
EXPECT_MESSAGE = "overflow"
EXPECT_MISTAKE = "smoothed_cross_entropy.numerical_warning"
import numpy as np


def smoothed_cross_entropy(logits, y, eps):
    logits = np.asarray(logits, dtype=float)
    n, K = logits.shape
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    q = np.full((n, K), eps / K)
    q[np.arange(n), y] += 1 - eps
    return -float(np.sum(q * np.log(p))) / n, (p - q) / n
