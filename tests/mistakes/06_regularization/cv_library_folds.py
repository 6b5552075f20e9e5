"""The folds come from the lecture's course_utils.model_selection.kfold_indices: the item's work is delegated."""
TARGET = "cross_validate"
EXPECT_MISTAKE = "cross_validate.delegated"
import numpy as np
from course_utils.model_selection import kfold_indices


def cross_validate(fit_score, X, y, k, rng):
    n = len(X)
    if not 2 <= k <= n:
        raise ValueError(k)
    folds = kfold_indices(n, k, rng)
    scores = []
    for f in range(k):
        tr = np.setdiff1d(np.arange(n), folds[f])
        scores.append(float(fit_score(X[tr], y[tr], X[folds[f]], y[folds[f]])))
    return float(np.mean(scores)), np.array(scores)
