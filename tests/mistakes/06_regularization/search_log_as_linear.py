"""Log-scale ranges sampled uniformly in the value itself: almost all learning rates land near high."""
TARGET = "random_search"
EXPECT_MESSAGE = "log"
import numpy as np


def random_search(train_fn, space, n_trials, rng):
    trials = []
    for _ in range(n_trials):
        config = {}
        for name, spec in space.items():
            if isinstance(spec, list):
                config[name] = spec[rng.integers(len(spec))]
            else:
                config[name] = float(rng.uniform(spec[0], spec[1]))
        trials.append((config, float(train_fn(**config))))
    best_config, best_score = max(trials, key=lambda t: t[1])
    return best_config, best_score, trials
