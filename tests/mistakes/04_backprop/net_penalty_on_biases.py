"""Penalises the biases too: reg/2 * (||W1||^2 + ||b1||^2 + ||W2||^2 + ||b2||^2)."""
TARGET = "two_layer_loss_and_grads"
EXPECT_MESSAGE = "biases were penalised"
import numpy as np


def two_layer_loss_and_grads(params, X, y, reg=0.0, alpha=1.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1, c1 = affine_forward(X, W1, b1)
    h, ch = elu_forward(a1, alpha)
    s, c2 = affine_forward(h, W2, b2)
    loss, ds = softmax_cross_entropy(s, y)
    loss += 0.5 * reg * sum(np.sum(v * v) for v in (W1, b1, W2, b2))
    dh, dW2, db2 = affine_backward(ds, c2)
    _, dW1, db1 = affine_backward(elu_backward(dh, ch), c1)
    return float(loss), {"W1": dW1 + reg * W1, "b1": db1 + reg * b1, "W2": dW2 + reg * W2, "b2": db2 + reg * b2}
