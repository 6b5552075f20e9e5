"""Chain rule stops at the rate: 1 - t/rate without the softplus' derivative sigma(z)."""
TARGET = "poisson_unit_loss_and_grads"
EXPECT_MISTAKE = "poisson_unit_loss_and_grads.no_softplus_derivative"
import numpy as np


def poisson_unit_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    log_rate = log_softplus(z)
    loss = float(np.mean(np.logaddexp(0.0, z) - t * log_rate))
    log_sigma = -np.logaddexp(0.0, -z)
    dz = (1.0 - t * np.exp(-log_rate)) / n
    return loss, X.T @ dz, float(np.sum(dz))
