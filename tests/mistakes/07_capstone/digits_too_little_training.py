"""A sound architecture with augmentation, stopped after two epochs at a small learning rate."""
TARGET = "train_digits"
EXPECT_MESSAGE = "below the required threshold"
EXPECT_MISTAKE = "train_digits.below_threshold"
import numpy as np


def train_digits(X, y, seed=0):
    rng = np.random.default_rng(seed)
    model = Sequential([Affine(64, 256, rng), ReLU(), Affine(256, 128, rng), ReLU(), Affine(128, 10, rng)],
                       SoftmaxCrossEntropy())
    fit(model, AdamW(lr=1e-3), X, y, epochs=2, batch_size=64, rng=rng, augment_fn=augment, progress=False)
    return model
