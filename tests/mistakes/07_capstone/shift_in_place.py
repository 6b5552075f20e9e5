"""The images are moved inside the caller's array."""
TARGET = "shift"
EXPECT_MESSAGE = "in place"
EXPECT_MISTAKE = "shift.modified_input"
import numpy as np


def shift(X, dy, dx):
    images = X.reshape(-1, 8, 8)
    images[...] = np.roll(images, (dy, dx), axis=(1, 2))
    if dy > 0:
        images[:, :dy] = 0
    elif dy < 0:
        images[:, dy:] = 0
    if dx > 0:
        images[:, :, :dx] = 0
    elif dx < 0:
        images[:, :, dx:] = 0
    return images.reshape(len(images), 64).astype(np.float64)
