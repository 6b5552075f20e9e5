"""np.roll: the pixels that leave the box come back on the other side."""
TARGET = "shift"
EXPECT_MESSAGE = "np.roll"
EXPECT_MISTAKE = "shift.roll"
import numpy as np


def shift(X, dy, dx):
    images = np.asarray(X, dtype=np.float64).reshape(-1, 8, 8)
    return np.roll(images, (dy, dx), axis=(1, 2)).reshape(len(images), 64)
