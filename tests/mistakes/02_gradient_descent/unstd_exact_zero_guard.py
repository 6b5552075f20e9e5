"""Guards only sigma == 0: a column 0.1, 0.1, 0.1 (std 1.4e-17) blows the weights up."""
TARGET = "unstandardize_weights"
EXPECT_MESSAGE = "sigma <= 1e-12"
EXPECT_MISTAKE = "unstandardize_weights.zero_std_guard"
import numpy as np


def unstandardize_weights(w_s, X_train):
    X_train = np.asarray(X_train, dtype=float)
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    sd = np.where(sd == 0, 1.0, sd)
    s = w_s[1:] / sd
    return np.r_[w_s[0] - s @ mu, s]
