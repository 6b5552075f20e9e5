"""Trains on all the digits it loads itself, the held-out test images included."""
TARGET = "train_digits"
EXPECT_MESSAGE = "may not load data"
EXPECT_MISTAKE = "train_digits.loads_data"
import numpy as np


from course_utils.data import load_digits


def train_digits(X, y, seed=0):
    rng = np.random.default_rng(seed)
    X, y = load_digits()
    model = Sequential([Affine(64, 256, rng), ReLU(), Affine(256, 10, rng)], SoftmaxCrossEntropy())
    fit(model, AdamW(lr=3e-3), X, y, epochs=40, batch_size=64, rng=rng, augment_fn=augment, progress=False)
    return model
