"""Returns the best plain gradient-descent step 2 / (lam_min + lam_max) with no momentum."""
TARGET = "heavy_ball_params"
EXPECT_MESSAGE = "plain gradient descent"
EXPECT_MISTAKE = "heavy_ball_params.too_slow"
import numpy as np


def heavy_ball_params(H):
    lam = np.linalg.eigvalsh(H)
    return 2.0 / (lam[0] + lam[-1]), 0.0
