"""L2 penalty (and its gradient) applied to the biases too, not only to the weights."""
TARGET = "two_layer_loss_and_grads"
EXPECT_MESSAGE = "biases"
import numpy as np


def two_layer_loss_and_grads(params, X, y, reg=0.0):
    a1, c1 = affine_forward(X, params["W1"], params["b1"])
    h, cr = relu_forward(a1)
    o, c2 = affine_forward(h, params["W2"], params["b2"])
    loss, do = softmax_cross_entropy(o, y)
    loss += 0.5 * reg * sum(np.sum(v ** 2) for v in params.values())
    dh, dW2, db2 = affine_backward(do, c2)
    _, dW1, db1 = affine_backward(relu_backward(dh, cr), c1)
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    return float(loss), {k: g + reg * params[k] for k, g in grads.items()}
