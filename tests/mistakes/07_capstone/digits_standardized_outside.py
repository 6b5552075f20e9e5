"""Trains on standardized inputs, but the returned model is fed raw pixels."""
TARGET = "train_digits"
EXPECT_MESSAGE = "below the required threshold"
EXPECT_MISTAKE = "train_digits.below_threshold"
import numpy as np


def train_digits(X, y, seed=0):
    rng = np.random.default_rng(seed)
    mu, sigma = X.mean(axis=0), X.std(axis=0) + 1e-3
    model = Sequential([Affine(64, 256, rng), ReLU(), Dropout(0.2, rng), Affine(256, 128, rng), ReLU(),
                        Affine(128, 10, rng)], SoftmaxCrossEntropy())
    fit(model, AdamW(lr=3e-3), X, y, epochs=40, batch_size=64, rng=rng,
        augment_fn=lambda X_, r: (augment(X_, r) - mu) / sigma, progress=False)
    return model
