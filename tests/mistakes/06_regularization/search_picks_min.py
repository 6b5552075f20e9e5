"""Picks the trial with the smallest score (treats the score as a loss)."""
TARGET = "random_search"
EXPECT_MESSAGE = "smallest"
import numpy as np


def random_search(train_fn, space, n_trials, rng):
    trials = []
    for _ in range(n_trials):
        config = {}
        for name, spec in space.items():
            if isinstance(spec, list):
                config[name] = spec[rng.integers(len(spec))]
            elif spec[2] == "log":
                config[name] = float(np.exp(rng.uniform(np.log(spec[0]), np.log(spec[1]))))
            else:
                config[name] = float(rng.uniform(spec[0], spec[1]))
        trials.append((config, float(train_fn(**config))))
    best_config, best_score = min(trials, key=lambda t: t[1])
    return best_config, best_score, trials
