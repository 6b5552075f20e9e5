"""A sound network trained for only 30 epochs: it misses the wiggles."""
TARGET = "train_regression"
EXPECT_MESSAGE = "above the required threshold"
EXPECT_MISTAKE = "train_regression.below_threshold"
import numpy as np


def train_regression(X, y, seed=0):
    rng = np.random.default_rng(seed)
    model = Sequential([Affine(1, 64, rng, init="xavier"), Tanh(), Affine(64, 64, rng, init="xavier"), Tanh(),
                        Affine(64, 1, rng, init="xavier")], MSELoss())
    fit(model, AdamW(lr=1e-2), X, y, epochs=30, batch_size=32, rng=rng, progress=False)
    return model
