"""Trains on standardized targets and forgets to undo the scaling in the model."""
TARGET = "train_regression"
EXPECT_MESSAGE = "above the required threshold"
EXPECT_MISTAKE = "train_regression.below_threshold"
import numpy as np


def train_regression(X, y, seed=0):
    rng = np.random.default_rng(seed)
    t = (y - y.mean()) / y.std()
    model = Sequential([Affine(1, 64, rng, init="xavier"), Tanh(), Affine(64, 64, rng, init="xavier"), Tanh(),
                        Affine(64, 1, rng, init="xavier")], MSELoss())
    fit(model, AdamW(lr=1e-2), X, t, epochs=300, batch_size=32, rng=rng, progress=False)
    return model
