"""Returns the loss before calibration (at T = 1) instead of the loss at the fitted T."""
TARGET = "fit_temperature"
EXPECT_MISTAKE = "fit_temperature.loss_at_one"
import numpy as np


def fit_temperature(scores, labels):
    S = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    if S.ndim != 2 or S.shape[0] == 0 or labels.shape != (S.shape[0],):
        raise ValueError("shapes")
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() >= S.shape[1]:
        raise ValueError("labels")
    n = S.shape[0]
    own = S[np.arange(n), labels]

    def loss(beta):
        return float(np.mean(logsumexp(beta * S) - beta * own))

    def slope(beta):
        B = beta * S
        P = np.exp(B - logsumexp(B)[:, None])
        return float(np.mean(np.sum(P * S, axis=1) - own))

    if np.all(own >= S.max(axis=1)):
        raise ValueError("separable")
    if slope(0.0) >= 0.0:
        raise ValueError("no finite temperature")
    lo, hi = 0.0, 1.0
    while slope(hi) < 0.0:
        lo, hi = hi, 2.0 * hi
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if slope(mid) < 0.0:
            lo = mid
        else:
            hi = mid
    beta = 0.5 * (lo + hi)
    return 1.0 / beta, loss(1.0)
