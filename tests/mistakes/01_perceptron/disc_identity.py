"""Returns the raw inputs (x1, x2): a line cannot separate the inside of a circle from its outside."""
TARGET = "disc_features"
EXPECT_MESSAGE = "not linearly separable"
EXPECT_MISTAKE = "disc_features.not_separable"
import numpy as np


def disc_features(X):
    return np.asarray(X, dtype=float).copy()
