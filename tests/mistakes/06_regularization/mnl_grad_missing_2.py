"""Correct loss, but the penalty's gradient lacks the factor 2 of d(w^2)/dw."""
TARGET = "multiplicative_noise_loss"
EXPECT_MISTAKE = "multiplicative_noise_loss.grad_missing_factor"
import numpy as np


def multiplicative_noise_loss(w, X, y, sigma):
    n = X.shape[0]
    r = X @ w - y
    s = np.sum(X ** 2, axis=0) / n
    return float(np.mean(r ** 2) + sigma ** 2 * np.sum(s * w ** 2)), 2 * X.T @ r / n + sigma ** 2 * s * w
