"""Penalty scaled by sigma instead of the variance sigma^2."""
TARGET = "multiplicative_noise_loss"
EXPECT_MISTAKE = "multiplicative_noise_loss.sigma_not_squared"
import numpy as np


def multiplicative_noise_loss(w, X, y, sigma):
    n = X.shape[0]
    r = X @ w - y
    s = np.sum(X ** 2, axis=0) / n
    return float(np.mean(r ** 2) + sigma * np.sum(s * w ** 2)), 2 * X.T @ r / n + 2 * sigma * s * w
