"""Steps along +g (w + eta g): the line search then goes uphill."""
TARGET = "exact_line_search_gd"
EXPECT_MISTAKE = "exact_line_search_gd.uphill"
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
        eta = (g @ g) / (g @ A @ g)
        w = w + eta * g
        losses.append(f(w))
        etas.append(eta)
    return w, np.array(losses), np.array(etas)
