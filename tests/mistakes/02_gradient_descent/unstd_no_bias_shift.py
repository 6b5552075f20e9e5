"""Divides the slopes by sigma but keeps the bias unchanged (forgets the shift by mu)."""
TARGET = "unstandardize_weights"
EXPECT_MISTAKE = "unstandardize_weights.no_bias_shift"
import numpy as np


def unstandardize_weights(w_s, X_train):
    X_train = np.asarray(X_train, dtype=float)
    sd = X_train.std(axis=0)
    sd = np.where(sd > 1e-12, sd, 1.0)
    return np.r_[w_s[0], w_s[1:] / sd]
