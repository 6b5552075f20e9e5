"""Adds reg*W to the weight gradients but forgets the penalty in the returned loss."""
TARGET = "two_layer_loss_and_grads"
EXPECT_MESSAGE = "missing from the loss"
import numpy as np


def two_layer_loss_and_grads(params, X, y, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1, c1 = affine_forward(X, W1, b1)
    h, cr = relu_forward(a1)
    o, c2 = affine_forward(h, W2, b2)
    loss, do = softmax_cross_entropy(o, y)
    dh, dW2, db2 = affine_backward(do, c2)
    _, dW1, db1 = affine_backward(relu_backward(dh, cr), c1)
    return float(loss), {"W1": dW1 + reg * W1, "b1": db1, "W2": dW2 + reg * W2, "b2": db2}
