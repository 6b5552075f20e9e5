"""No early stop at a zero gradient: at the minimum it keeps taking steps of length 0."""
TARGET = "backtracking_gd"
EXPECT_MISTAKE = "backtracking_gd.no_early_stop"
import numpy as np


def backtracking_gd(cost_grad, w0, n_steps, eta0=1.0, c=1e-4, shrink=0.5, max_trials=60):
    w = np.array(w0, dtype=float)
    f, g = cost_grad(w)
    f, g = float(f), np.asarray(g, dtype=float)
    n_evals = 1
    losses, etas = [f], []
    for _ in range(n_steps):
        gg = float(g @ g)
        eta = eta0
        for _ in range(max_trials):
            w_new = w - eta * g
            f_new, g_new = cost_grad(w_new)
            n_evals += 1
            if f_new <= f - c * eta * gg:
                break
            eta *= shrink
        else:
            break
        w, f, g = w_new, float(f_new), np.asarray(g_new, dtype=float)
        losses.append(f)
        etas.append(eta)
    return w, np.array(losses), np.array(etas), n_evals

