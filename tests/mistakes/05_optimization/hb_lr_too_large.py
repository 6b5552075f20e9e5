"""Right momentum, but a step 20 % above the stability limit of the steepest direction."""
TARGET = "heavy_ball_params"
EXPECT_MISTAKE = "heavy_ball_params.too_slow"
import numpy as np


def heavy_ball_params(H):
    lam = np.linalg.eigvalsh(H)
    lo, hi = np.sqrt(lam[0]), np.sqrt(lam[-1])
    return 4.0 / lam[-1] * 1.2, ((hi - lo) / (hi + lo)) ** 2
