"""The unit-4 recipe (2 layers, 128 hidden, He, Adam 1e-2, 30 epochs, batch 64): it never sees a displaced digit."""
TARGET = "train_digits"
EXPECT_MESSAGE = "below the required threshold"
EXPECT_MISTAKE = "train_digits.below_threshold"
import numpy as np


def train_digits(X, y, seed=0):
    rng = np.random.default_rng(seed)
    model = Sequential([Affine(64, 128, rng), ReLU(), Affine(128, 10, rng)], SoftmaxCrossEntropy())
    fit(model, AdamW(lr=1e-2), X, y, epochs=30, batch_size=64, rng=rng, progress=False)
    return model
