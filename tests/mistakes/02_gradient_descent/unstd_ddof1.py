"""Uses the sample standard deviation (ddof=1)."""
TARGET = "unstandardize_weights"
EXPECT_MISTAKE = "unstandardize_weights.ddof1"
import numpy as np


def unstandardize_weights(w_s, X_train):
    X_train = np.asarray(X_train, dtype=float)
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0, ddof=1) if len(X_train) > 1 else np.ones(X_train.shape[1])
    sd = np.where(sd > 1e-12, sd, 1.0)
    s = w_s[1:] / sd
    return np.r_[w_s[0] - s @ mu, s]
