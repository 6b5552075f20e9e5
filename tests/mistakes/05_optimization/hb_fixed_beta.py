"""Keeps the usual beta = 0.9 and takes lr = 1 / lam_max, whatever the condition number."""
TARGET = "heavy_ball_params"
EXPECT_MISTAKE = "heavy_ball_params.too_slow"
import numpy as np


def heavy_ball_params(H):
    lam = np.linalg.eigvalsh(H)
    return 1.0 / lam[-1], 0.9
