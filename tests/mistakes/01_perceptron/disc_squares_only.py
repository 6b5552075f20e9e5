"""Uses only (x1^2, x2^2): that draws ellipses centred at the origin, but this circle's centre is elsewhere."""
TARGET = "disc_features"
EXPECT_MISTAKE = "disc_features.not_separable"
import numpy as np


def disc_features(X):
    X = np.asarray(X, dtype=float)
    return X ** 2
