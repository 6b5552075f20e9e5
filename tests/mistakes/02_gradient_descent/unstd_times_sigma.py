"""Multiplies the slopes by sigma instead of dividing."""
TARGET = "unstandardize_weights"
EXPECT_MISTAKE = "unstandardize_weights.times_sigma"
import numpy as np


def unstandardize_weights(w_s, X_train):
    X_train = np.asarray(X_train, dtype=float)
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    sd = np.where(sd > 1e-12, sd, 1.0)
    s = w_s[1:] * sd
    return np.r_[w_s[0] - (w_s[1:] / sd) @ mu, s]
