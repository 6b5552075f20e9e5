"""Sends the error signal straight into the affine layer below, skipping the ELU's backward pass."""
TARGET = "mlp_loss_and_grads"
EXPECT_MISTAKE = "mlp_loss_and_grads.skips_elu_backward"
EXPECT_MESSAGE = "skips the ELU"
import numpy as np


def mlp_loss_and_grads(params, X, y, reg=0.0, alpha=1.0):
    L = len(params) // 2
    caches = []
    h = X
    for l in range(1, L + 1):
        a, cache_affine = affine_forward(h, params[f"W{l}"], params[f"b{l}"])
        cache_elu = None
        if l < L:
            h, cache_elu = elu_forward(a, alpha)
        caches.append((cache_affine, cache_elu))
    loss, dout = softmax_cross_entropy(a, y)
    loss += 0.5 * reg * sum(np.sum(params[f"W{l}"] ** 2) for l in range(1, L + 1))
    grads = {}
    for l in range(L, 0, -1):
        cache_affine, cache_elu = caches[l - 1]
        if cache_elu is not None:
            pass
        dout, dW, db = affine_backward(dout, cache_affine)
        grads[f"W{l}"] = dW + reg * params[f"W{l}"]
        grads[f"b{l}"] = db
    return float(loss), grads
