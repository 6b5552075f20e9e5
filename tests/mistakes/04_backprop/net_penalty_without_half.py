"""The penalty is reg * ||W||^2 (no 1/2), with the matching gradient 2 * reg * W: consistent, but not the contract."""
TARGET = "two_layer_loss_and_grads"
EXPECT_MESSAGE = "twice too large"
import numpy as np


def two_layer_loss_and_grads(params, X, y, reg=0.0, alpha=1.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1, c1 = affine_forward(X, W1, b1)
    h, ch = elu_forward(a1, alpha)
    s, c2 = affine_forward(h, W2, b2)
    loss, ds = softmax_cross_entropy(s, y)
    loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dh, dW2, db2 = affine_backward(ds, c2)
    _, dW1, db1 = affine_backward(elu_backward(dh, ch), c1)
    return float(loss), {"W1": dW1 + 2 * reg * W1, "b1": db1, "W2": dW2 + 2 * reg * W2, "b2": db2}
