"""sigma(z) / softplus(z) computed as a division: 0/0 for very negative logits."""
TARGET = "poisson_unit_loss_and_grads"
EXPECT_MISTAKE = "poisson_unit_loss_and_grads.numerical_warning"
import numpy as np


def poisson_unit_loss_and_grads(w, b, X, t):
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    n = X.shape[0]
    z = X @ w + b
    log_rate = log_softplus(z)
    loss = float(np.mean(np.logaddexp(0.0, z) - t * log_rate))
    log_sigma = -np.logaddexp(0.0, -z)
    dz = (np.exp(log_sigma) - t * np.exp(log_sigma) / np.logaddexp(0.0, z)) / n
    return loss, X.T @ dz, float(np.sum(dz))
