"""course_utils.approximation: linear collapse, bump networks (universal approximation), the sawtooth."""
import numpy as np
import pytest

from course_utils.activations import relu, sigmoid
from course_utils.approximation import (TARGETS, bump, bump_edges, bump_network, collapse_linear, count_pieces,
                                        forward_stack, network_output, relu_interpolant_network, sawtooth_network,
                                        sup_errors, tent)


def test_collapse_linear_equals_the_stack_and_is_bounded_in_rank():
    rng = np.random.default_rng(0)
    sizes = [5, 8, 2, 6]
    layers = [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(7, 5))
    W, b = collapse_linear(layers)
    assert W.shape == (5, 6) and b.shape == (6,)
    np.testing.assert_allclose(forward_stack(X, layers), X @ W + b, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(W, layers[0][0] @ layers[1][0] @ layers[2][0])
    assert np.linalg.matrix_rank(W) == 2
    assert np.max(np.abs(forward_stack(X, layers, np.tanh) - (X @ W + b))) > 0.1     # a non-linearity breaks it
    with pytest.raises(ValueError):
        collapse_linear([])


def test_bump_is_two_sigmoids_and_tends_to_an_indicator():
    x = np.array([-1.0, 0.2, 0.5, 0.8, 2.0])
    np.testing.assert_allclose(bump(x, 0.0, 1.0, 7.0), sigmoid(7 * x) - sigmoid(7 * (x - 1)))
    steep = bump(x, 0.0, 1.0, 1e4)
    np.testing.assert_allclose(steep, [0, 1, 1, 1, 0], atol=1e-12)
    with np.errstate(all="raise"):
        bump(np.array([-1e300, 1e300]), 0.0, 1.0, 1e6)                 # no overflow warning


def test_bump_edges_tile_the_interval():
    centres, edges, width = bump_edges(4, (0.0, 2.0))
    assert width == 0.5
    np.testing.assert_allclose(centres, [0.25, 0.75, 1.25, 1.75])
    np.testing.assert_allclose(edges, [-0.5, 0.5, 1.0, 1.5, 2.5])
    with pytest.raises(ValueError):
        bump_edges(0)
    with pytest.raises(ValueError):
        bump_edges(3, (1.0, 1.0))


def test_bump_network_shapes_and_sum_of_bumps():
    f = TARGETS["wave"]
    layers = bump_network(f, 6, interval=(0.0, 1.0), sharpness=40.0)
    (W1, b1), (W2, b2) = layers
    assert W1.shape == (1, 12) and b1.shape == (12,) and W2.shape == (12, 1) and b2.shape == (1,)
    centres, edges, width = bump_edges(6)
    x = np.linspace(0, 1, 50)
    s = 40.0 / width
    manual = sum(f(c) * bump(x, l, r, s) for c, l, r in zip(centres, edges[:-1], edges[1:]))
    np.testing.assert_allclose(network_output(layers, x), manual, rtol=1e-10, atol=1e-12)


def test_sup_error_falls_with_n_at_the_predicted_rates():
    ns = np.array([4, 8, 16, 32, 64, 128])
    tent_err = sup_errors(TARGETS["tent"], ns)
    np.testing.assert_allclose(tent_err, 1.0 / ns, rtol=1e-6)          # M Delta / 2 = 2 / (2N)
    sqrt_err = sup_errors(TARGETS["square root"], ns)
    np.testing.assert_allclose(sqrt_err, 1.0 / np.sqrt(2 * ns), rtol=1e-6)
    wave_err = sup_errors(TARGETS["wave"], ns)
    assert np.all(np.diff(wave_err[1:]) < 0)
    np.testing.assert_allclose(wave_err[2:] * ns[2:], wave_err[-1] * ns[-1], rtol=0.05)   # 1/N from N = 16 on
    step = sup_errors(TARGETS["steep step"], ns)
    assert step[0] > 0.3 and np.all(np.diff(step[3:]) < 0) and step[-1] < 0.15


def test_sawtooth_has_two_to_the_k_pieces_and_matches_the_tent_map():
    x = np.linspace(0, 1, 2 ** 11 + 1)
    for k in range(1, 9):
        layers = sawtooth_network(k)
        assert len(layers) == k + 1 and sum(W.shape[1] for W, _ in layers[:-1]) == 2 * k
        y = network_output(layers, x, activation=relu)
        ref = x.copy()
        for _ in range(k):
            ref = tent(ref)
        np.testing.assert_allclose(y, ref, atol=1e-12)
        assert count_pieces(x, y) == 2 ** k
    with pytest.raises(ValueError):
        sawtooth_network(0)


def test_relu_interpolant_is_the_piecewise_linear_interpolant_with_one_unit_per_piece():
    knots = np.array([0.0, 0.3, 0.5, 1.0])
    values = np.array([1.0, -1.0, 2.0, 0.5])
    layers = relu_interpolant_network(knots, values)
    assert layers[0][0].shape == (1, 3)
    x = np.linspace(0, 1, 101)
    np.testing.assert_allclose(network_output(layers, x, activation=relu), np.interp(x, knots, values), atol=1e-12)
    grid = np.unique(np.concatenate([x, knots]))
    assert count_pieces(grid, np.interp(grid, knots, values)) == 3
    with pytest.raises(ValueError):
        count_pieces(np.array([0.0, 0.0, 1.0]), np.zeros(3))
    with pytest.raises(ValueError):
        relu_interpolant_network([0.0, 0.0], [1.0, 2.0])
