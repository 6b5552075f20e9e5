"""Uses the condition number kappa where its square root belongs: beta = ((kappa - 1) / (kappa + 1))**2."""
TARGET = "heavy_ball_params"
EXPECT_MISTAKE = "heavy_ball_params.too_slow"
import numpy as np


def heavy_ball_params(H):
    lam = np.linalg.eigvalsh(H)
    kappa = lam[-1] / lam[0]
    return 4.0 / (np.sqrt(lam[-1]) + np.sqrt(lam[0])) ** 2, ((kappa - 1) / (kappa + 1)) ** 2
