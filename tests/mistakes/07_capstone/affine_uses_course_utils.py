"""Affine hands its work to course_utils' affine_forward / affine_backward."""
TARGET = "Affine"
EXPECT_MESSAGE = "reference code"
EXPECT_MISTAKE = "Affine.delegated"
import numpy as np


from course_utils.layers import affine_backward, affine_forward


class Affine:
    def __init__(self, n_in, n_out, rng, init="he"):
        if init not in ("he", "xavier", "small"):
            raise ValueError(init)
        scale = {"he": np.sqrt(2.0 / n_in), "small": 0.01}.get(init)
        if scale is None:
            a = np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-a, a, size=(n_in, n_out))
        else:
            W = rng.normal(0.0, scale, size=(n_in, n_out))
        self.params = {"W": W, "b": np.zeros(n_out)}
        self.grads = {}

    def forward(self, x, train=True):
        out, self.cache = affine_forward(x, self.params["W"], self.params["b"])
        return out

    def backward(self, dout):
        dx, dW, db = affine_backward(dout, self.cache)
        self.grads = {"W": dW, "b": db}
        return dx
