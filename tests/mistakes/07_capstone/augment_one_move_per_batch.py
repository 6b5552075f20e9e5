"""One displacement drawn for the whole batch instead of one per image."""
TARGET = "augment"
EXPECT_MESSAGE = "displacements"
EXPECT_MISTAKE = "augment.displacements"
import numpy as np


def augment(X, rng, max_shift=1, noise=0.0):
    dy, dx = rng.integers(-max_shift, max_shift + 1, size=2)
    out = shift(X, int(dy), int(dx))
    if noise > 0:
        out = np.clip(out + rng.normal(0.0, noise, size=out.shape), 0.0, 1.0)
    return out
