"""An equal loss counts as an improvement (<= instead of <), so a plateau never stops training."""
TARGET = "EarlyStopping"
import numpy as np


class EarlyStopping:
    def __init__(self, patience, min_delta=0.0):
        self.patience = patience
        self.min_delta = min_delta
        self.best_loss = np.inf
        self.best_params = None
        self.counter = 0

    def step(self, val_loss, params):
        if val_loss <= self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_params = {k: v.copy() for k, v in params.items()}
            self.counter = 0
        else:
            self.counter += 1
        return self.counter >= self.patience
