"""The lecture's noisy-XOR settings copied unchanged (lambda 0.03, early stopping with patience 20): fails on data set 0."""
TARGET = "train_regularized"
EXPECT_MESSAGE = "every data set"
EXPECT_MISTAKE = "train_regularized.below_baseline"
import numpy as np


def train_regularized(X_train, y_train, X_val, y_val, seed=0):
    model = MLP([X_train.shape[1], 100, 100, 2], l2=0.03, seed=seed)
    train(model, Adam(0.01), X_train, y_train, epochs=300, batch_size=len(X_train), X_val=X_val, y_val=y_val,
          early_stopping=EarlyStopping(patience=20), rng=np.random.default_rng(seed), progress=False)
    return model
