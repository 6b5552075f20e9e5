"""Drops the last, smaller batch of every epoch."""
TARGET = "fit"
EXPECT_MISTAKE = "fit.drops_last_batch"
EXPECT_MESSAGE = "smaller"
import numpy as np


def fit(params, loss_fn, grad_fn, n, n_epochs, batch_size, lr_max, warmup, weight_decay, rng):
    steps_per_epoch = -(-n // batch_size)
    total = n_epochs * steps_per_epoch
    params = {key: np.array(value, dtype=np.float64) for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = [float(loss_fn(params))]
    t = 0
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for start in range(0, n - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            grads = grad_fn(params, idx)
            t += 1
            lr = warmup_cosine(t - 1, lr_max, warmup, total)
            for key in params:
                params[key], m[key], v[key] = adamw_update(params[key], grads[key], m[key], v[key], t, lr,
                                                           weight_decay=weight_decay)
        history.append(float(loss_fn(params)))
    return params, history
