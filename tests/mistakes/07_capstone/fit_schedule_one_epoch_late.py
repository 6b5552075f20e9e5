"""The learning rate of the schedule is set after the epoch instead of before it."""
TARGET = "fit"
EXPECT_MESSAGE = "schedule"
EXPECT_MISTAKE = "fit.schedule_one_epoch_late"
import numpy as np


def fit(model, optimizer, X, y, *, epochs, batch_size, rng, X_val=None, y_val=None, schedule=None,
        patience=None, augment_fn=None, progress=True):
    """Train ``model`` with ``optimizer`` by mini-batch gradient descent (see the list above).

    Parameters
    ----------
    model : object
        ``params`` and ``grads`` dicts, ``loss(X, y, train=True) -> float``, ``backward()``; e.g. a Sequential.
    optimizer : object
        ``lr`` attribute and ``step(params, grads)``.
    X, y : arrays with n rows
        Training data (inputs and targets).
    epochs : int
        Maximum number of passes over the data.
    batch_size : int
        Rows per mini-batch.
    rng : numpy.random.Generator
        The source of every random choice of the loop (order of the examples, augmentation).
    X_val, y_val : arrays, optional
        Validation data, evaluated once per epoch in evaluation mode.
    schedule : callable, optional
        ``schedule(epoch) -> learning rate``, epochs counted from 0.
    patience : int, optional
        Early stopping: stop after this many epochs without a lower validation loss (needs validation data).
    augment_fn : callable, optional
        ``augment_fn(X, rng) -> X_epoch`` (same shape), called once at the start of every epoch.
    progress : bool, default True
        Print one line per epoch.

    Returns
    -------
    dict
        ``"train_loss"``: list, one float per epoch run; ``"val_loss"``: list (empty without validation data);
        ``"lr"``: list, the learning rate of each epoch; ``"best_epoch"``: the 0-based epoch whose parameters
        were restored (None without early stopping); ``"stopped_early"``: bool.
    """
    if patience is not None and X_val is None:
        raise ValueError("early stopping (patience) needs validation data X_val, y_val")
    history = {"train_loss": [], "val_loss": [], "lr": [], "best_epoch": None, "stopped_early": False}
    best_loss, best_params, waited = np.inf, None, 0
    n = len(X)
    for epoch in range(epochs):
        X_epoch = augment_fn(X, rng) if augment_fn is not None else X
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            total += model.loss(X_epoch[idx], y[idx], train=True) * len(idx)
            model.backward()
            optimizer.step(model.params, model.grads)
        history["train_loss"].append(total / n)
        history["lr"].append(optimizer.lr)
        if schedule is not None:
            optimizer.lr = schedule(epoch + 1)
        line = f"epoch {epoch + 1}/{epochs}  loss {total / n:.4f}"
        stop = False
        if X_val is not None:
            val = model.loss(X_val, y_val, train=False)
            history["val_loss"].append(val)
            line += f"  val_loss {val:.4f}"
            if patience is not None:
                if val < best_loss:
                    best_loss, waited, history["best_epoch"] = val, 0, epoch
                    best_params = {k: w.copy() for k, w in model.params.items()}
                else:
                    waited += 1
                    stop = waited >= patience
        if progress:
            print(line)
        if stop:
            history["stopped_early"] = epoch + 1 < epochs
            break
    if best_params is not None:
        for k, w in best_params.items():
            model.params[k][...] = w
    return history
