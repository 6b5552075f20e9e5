"""Log scale drawn as 10 ** uniform(low, high), reading the bounds as exponents: values far outside [low, high]."""
TARGET = "random_search"
import numpy as np


def random_search(train_fn, space, n_trials, rng):
    trials = []
    for _ in range(n_trials):
        config = {}
        for name, spec in space.items():
            if isinstance(spec, list):
                config[name] = spec[rng.integers(len(spec))]
            elif spec[2] == "log":
                config[name] = float(10 ** rng.uniform(spec[0], spec[1]))
            else:
                config[name] = float(rng.uniform(spec[0], spec[1]))
        trials.append((config, float(train_fn(**config))))
    best_config, best_score = max(trials, key=lambda t: t[1])
    return best_config, best_score, trials
