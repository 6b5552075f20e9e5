"""Weight initialisation schemes that keep signals from exploding or vanishing with depth.

Both return a weight matrix of shape ``(n_in, n_out)`` (the layout of ``X @ W + b``) in float64.
Biases are usually initialised to zero.  The idea behind both: choose the variance of the weights so
that the variance of the activations (forward) and of the error signals (backward) stays roughly the
same from layer to layer.
"""

from __future__ import annotations

import numpy as np

__all__ = ["xavier_init", "he_init"]


def _check(n_in, n_out, rng, fname):
    for name, v in (("n_in", n_in), ("n_out", n_out)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{fname}: {name} must be a positive integer, got {v!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{fname}: rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                        f"got {type(rng).__name__}")


def xavier_init(n_in, n_out, rng):
    """Glorot/Xavier uniform initialisation (Glorot & Bengio 2010).

    .. math:: W_{ij} \\sim U\\left[-\\sqrt{\\frac{6}{n_{in} + n_{out}}},\\ \\sqrt{\\frac{6}{n_{in} + n_{out}}}\\right],
              \\qquad \\operatorname{Var}(W_{ij}) = \\frac{2}{n_{in} + n_{out}}

    (a uniform law on ``[-a, a]`` has variance ``a^2 / 3``).  The variance is a compromise between
    ``1/n_in`` (keeps forward activations steady) and ``1/n_out`` (keeps backward gradients steady) for
    symmetric activations such as tanh that are roughly linear around 0.

    Parameters
    ----------
    n_in : int
        Fan-in: number of inputs of the layer.
    n_out : int
        Fan-out: number of units of the layer.
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out), float64
    """
    _check(n_in, n_out, rng, "xavier_init")
    a = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-a, a, size=(n_in, n_out))


def he_init(n_in, n_out, rng):
    """He/Kaiming normal initialisation for ReLU layers (He et al. 2015).

    .. math:: W_{ij} \\sim \\mathcal{N}\\left(0,\\ \\frac{2}{n_{in}}\\right), \\qquad
              \\text{std} = \\sqrt{2 / n_{in}}

    A ReLU zeroes half of its inputs on average, halving the second moment of the signal; the factor 2
    compensates so that the variance of the pre-activations stays constant through deep ReLU stacks.

    Parameters
    ----------
    n_in : int
        Fan-in: number of inputs of the layer.
    n_out : int
        Fan-out: number of units of the layer.
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out), float64
    """
    _check(n_in, n_out, rng, "he_init")
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
