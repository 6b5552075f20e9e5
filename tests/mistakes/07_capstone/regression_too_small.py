"""One hidden layer of 4 tanh units: too little capacity for the curve."""
TARGET = "train_regression"
EXPECT_MESSAGE = "above the required threshold"
EXPECT_MISTAKE = "train_regression.below_threshold"
import numpy as np


def train_regression(X, y, seed=0):
    rng = np.random.default_rng(seed)
    model = Sequential([Affine(1, 4, rng, init="xavier"), Tanh(), Affine(4, 1, rng, init="xavier")], MSELoss())
    fit(model, AdamW(lr=1e-2), X, y, epochs=300, batch_size=32, rng=rng, progress=False)
    return model
