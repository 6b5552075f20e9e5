"""Old-style test-time scaling on top of inverted dropout: multiplies by 1 - p at test time."""
TARGET = "dropout_forward"
EXPECT_MESSAGE = "test time"
import numpy as np


def dropout_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=float)
    if not train:
        return x * (1 - p), (None, p, train)
    if p == 0:
        return x, (None, p, train)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, (mask, p, train)
