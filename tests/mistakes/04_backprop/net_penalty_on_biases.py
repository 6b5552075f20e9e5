"""Penalises the biases too: reg/2 times the squares of every parameter."""
TARGET = "mlp_loss_and_grads"
EXPECT_MESSAGE = "biases were penalised"
EXPECT_MISTAKE = "mlp_loss_and_grads.penalizes_biases"
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
    loss += 0.5 * reg * sum(np.sum(v ** 2) for v in params.values())
    grads = {}
    for l in range(L, 0, -1):
        cache_affine, cache_elu = caches[l - 1]
        if cache_elu is not None:
            dout = elu_backward(dout, cache_elu)
        dout, dW, db = affine_backward(dout, cache_affine)
        grads[f"W{l}"] = dW + reg * params[f"W{l}"]
        grads[f"b{l}"] = db + reg * params[f"b{l}"]
    return float(loss), grads
