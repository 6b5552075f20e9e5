"""Reads the curvatures from the diagonal of H instead of its eigenvalues (wrong for a rotated H)."""
TARGET = "heavy_ball_params"
EXPECT_MISTAKE = "heavy_ball_params.too_slow"
import numpy as np


def heavy_ball_params(H):
    d = np.diag(H)
    lo, hi = np.sqrt(d.min()), np.sqrt(d.max())
    return 4.0 / (hi + lo) ** 2, ((hi - lo) / (hi + lo)) ** 2
