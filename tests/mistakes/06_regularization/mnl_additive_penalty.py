"""The penalty of additive noise, sigma^2 ||w||^2 (the lecture's case), instead of the multiplicative one."""
TARGET = "multiplicative_noise_loss"
EXPECT_MISTAKE = "multiplicative_noise_loss.additive_noise"
import numpy as np


def multiplicative_noise_loss(w, X, y, sigma):
    n = X.shape[0]
    r = X @ w - y
    return float(np.mean(r ** 2) + sigma ** 2 * np.sum(w ** 2)), 2 * X.T @ r / n + 2 * sigma ** 2 * w
