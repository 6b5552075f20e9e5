"""Draws all trials of one hyperparameter first (column by column): different numbers for the same seed."""
TARGET = "random_search"
EXPECT_MESSAGE = "order of space's keys"
import numpy as np


def random_search(train_fn, space, n_trials, rng):
    columns = {}
    for name, spec in space.items():
        if isinstance(spec, list):
            columns[name] = [spec[i] for i in rng.integers(len(spec), size=n_trials)]
        elif spec[2] == "log":
            columns[name] = list(np.exp(rng.uniform(np.log(spec[0]), np.log(spec[1]), size=n_trials)))
        else:
            columns[name] = list(rng.uniform(spec[0], spec[1], size=n_trials))
    trials = []
    for t in range(n_trials):
        config = {name: columns[name][t] for name in space}
        trials.append((config, float(train_fn(**config))))
    best_config, best_score = max(trials, key=lambda t: t[1])
    return best_config, best_score, trials
