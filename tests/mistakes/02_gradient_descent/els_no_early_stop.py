"""Never checks for g = 0: at the exact minimum the step size becomes 0/0 = nan."""
TARGET = "exact_line_search_gd"
EXPECT_MISTAKE = "exact_line_search_gd.not_finite"
import numpy as np


def exact_line_search_gd(A, b, w0, n_steps):
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    w = np.array(w0, dtype=float)
    f = lambda v: 0.5 * v @ A @ v - b @ v
    losses, etas = [f(w)], []
    with np.errstate(all="ignore"):
        for _ in range(n_steps):
            g = A @ w - b
            eta = (g @ g) / (g @ A @ g)
            w = w - eta * g
            losses.append(f(w))
            etas.append(eta)
    return w, np.array(losses), np.array(etas)
