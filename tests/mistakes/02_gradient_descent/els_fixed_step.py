"""Uses the fixed step 1 / lambda_max of the lecture instead of a line search."""
TARGET = "exact_line_search_gd"
EXPECT_MESSAGE = "does not minimize"
EXPECT_MISTAKE = "exact_line_search_gd.not_exact_step"
import numpy as np


def exact_line_search_gd(A, b, w0, n_steps):
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    w = np.array(w0, dtype=float)
    f = lambda v: 0.5 * v @ A @ v - b @ v
    losses, etas = [f(w)], []
    for _ in range(n_steps):
        g = A @ w - b
        if not np.any(g):
            break
        eta = 1.0 / np.linalg.eigvalsh(A)[-1]
        w = w - eta * g
        losses.append(f(w))
        etas.append(eta)
    return w, np.array(losses), np.array(etas)
