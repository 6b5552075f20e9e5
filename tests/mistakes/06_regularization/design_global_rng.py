"""A good recipe seeded through the global np.random (np.random.seed) instead of a generator."""
TARGET = "train_regularized"
EXPECT_MESSAGE = "global np.random"
EXPECT_MISTAKE = "train_regularized.global_random_state"
import numpy as np


def train_regularized(X_train, y_train, X_val, y_val, seed=0):
    np.random.seed(seed)
    model = MLP([X_train.shape[1], 100, 100, 2], l2=0.01, dropout=0.5, seed=seed)
    shuffle_seed = int(np.random.randint(2 ** 31))
    train(model, Adam(0.01), X_train, y_train, epochs=300, batch_size=len(X_train),
          rng=np.random.default_rng(shuffle_seed), progress=False)
    return model
