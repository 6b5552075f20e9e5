"""Returns the History of train() instead of the model."""
TARGET = "train_regularized"
EXPECT_MESSAGE = "score(X, y) method"
import numpy as np
from course_utils.regularization import EarlyStopping as LibEarlyStopping


def train_regularized(X_train, y_train, X_val, y_val, seed=0):
    model = MLP([X_train.shape[1], 100, 100, 2], l2=0.03, seed=seed)
    return train(model, Adam(0.01), X_train, y_train, epochs=400, batch_size=len(X_train), X_val=X_val,
                 y_val=y_val, early_stopping=LibEarlyStopping(patience=20), rng=np.random.default_rng(seed),
                 progress=False)
