"""The penalty summed over the examples while the error is averaged."""
TARGET = "multiplicative_noise_loss"
EXPECT_MISTAKE = "multiplicative_noise_loss.penalty_summed"
import numpy as np


def multiplicative_noise_loss(w, X, y, sigma):
    n = X.shape[0]
    r = X @ w - y
    s = np.sum(X ** 2, axis=0)
    return float(np.mean(r ** 2) + sigma ** 2 * np.sum(s * w ** 2)), 2 * X.T @ r / n + 2 * sigma ** 2 * s * w
