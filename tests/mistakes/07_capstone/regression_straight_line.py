"""A single affine layer: a straight line."""
TARGET = "train_regression"
EXPECT_MESSAGE = "straight line"
EXPECT_MISTAKE = "train_regression.straight_line"
import numpy as np


def train_regression(X, y, seed=0):
    rng = np.random.default_rng(seed)
    model = Sequential([Affine(1, 1, rng)], MSELoss())
    fit(model, AdamW(lr=1e-2), X, y, epochs=200, batch_size=32, rng=rng, progress=False)
    return model
