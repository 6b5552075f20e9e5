"""Backward pass skips the ReLU: the error signal reaches the first layer unmasked."""
TARGET = "two_layer_loss_and_grads"
import numpy as np


def two_layer_loss_and_grads(params, X, y, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1, c1 = affine_forward(X, W1, b1)
    h, cr = relu_forward(a1)
    o, c2 = affine_forward(h, W2, b2)
    loss, do = softmax_cross_entropy(o, y)
    loss += 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    dh, dW2, db2 = affine_backward(do, c2)
    _, dW1, db1 = affine_backward(dh, c1)
    return float(loss), {"W1": dW1 + reg * W1, "b1": db1, "W2": dW2 + reg * W2, "b2": db2}
