"""The displacement is drawn from {-1, +1} only: no image stays in place."""
TARGET = "augment"
EXPECT_MESSAGE = "displacements"
EXPECT_MISTAKE = "augment.displacements"
import numpy as np


def augment(X, rng, max_shift=1, noise=0.0):
    """A randomly displaced (and optionally noisy) copy of a batch of 8x8 images.

    Parameters
    ----------
    X : array (n, 64)
        Images stored row by row, pixel values in [0, 1].
    rng : numpy.random.Generator
        The source of all randomness.
    max_shift : int, default 1
        Each image moves by its own (dy, dx), uniform on {-max_shift, ..., max_shift}^2.
    noise : float, default 0.0
        Standard deviation of Gaussian pixel noise added after the move (result clipped to [0, 1]).

    Returns
    -------
    float64 array (n, 64), a new array (X is not modified).
    """
    X = np.asarray(X, dtype=np.float64)
    moves = rng.choice([-max_shift, max_shift], size=(len(X), 2))
    out = np.empty_like(X)
    for dy in range(-max_shift, max_shift + 1):
        for dx in range(-max_shift, max_shift + 1):
            rows = (moves[:, 0] == dy) & (moves[:, 1] == dx)
            out[rows] = shift(X[rows], dy, dx)
    if noise > 0:
        out = np.clip(out + rng.normal(0.0, noise, size=out.shape), 0.0, 1.0)
    return out
