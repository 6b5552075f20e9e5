"""Returns only the product x1*x2, dropping x1 and x2."""
TARGET = "xor_features"
import numpy as np


def xor_features(X):
    X = np.asarray(X, dtype=float)
    return (X[:, 0] * X[:, 1])[:, None]
