"""mode is ignored: always "lower is better", so accuracies that grow never count as improvements."""
TARGET = "EarlyStopping"
EXPECT_MISTAKE = "EarlyStopping.mode_ignored"
import numpy as np


class EarlyStopping:
    def __init__(self, patience, min_delta=0.0, mode="min"):
        if mode not in ("min", "max"):
            raise ValueError(mode)
        self.patience, self.min_delta, self.mode = patience, min_delta, mode
        self.best = np.inf if mode == "min" else -np.inf
        self.best_epoch, self.best_params, self.counter, self.n_steps = None, None, 0, 0

    def step(self, value, params):
        value, epoch = float(value), self.n_steps
        self.n_steps += 1
        if value < self.best - self.min_delta:
            self.best, self.best_epoch, self.counter = value, epoch, 0
            self.best_params = {k: np.array(v, copy=True) for k, v in params.items()}
        else:
            self.counter += 1
        return self.counter >= self.patience

    def restore(self, params):
        if self.best_params is None:
            raise RuntimeError("nothing recorded")
        for k, v in self.best_params.items():
            params[k][...] = v
        return params

