"""A fixed number of gradient steps on beta instead of solving for the sign change: T is only roughly right."""
TARGET = "fit_temperature"
EXPECT_MISTAKE = "fit_temperature.imprecise"
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
    beta = 1.0
    for _ in range(100):                    # plain gradient descent: stops far from full precision
        beta = max(beta - 0.5 * slope(beta), 1e-6)
    return 1.0 / beta, loss(beta)

