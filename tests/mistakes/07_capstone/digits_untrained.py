"""Builds the network and returns it untrained."""
TARGET = "train_digits"
EXPECT_MESSAGE = "chance"
EXPECT_MISTAKE = "train_digits.untrained"
import numpy as np


def train_digits(X, y, seed=0):
    rng = np.random.default_rng(seed)
    return Sequential([Affine(64, 256, rng), ReLU(), Affine(256, 10, rng)], SoftmaxCrossEntropy())
