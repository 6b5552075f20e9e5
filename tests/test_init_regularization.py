"""Tests for course_utils.init and course_utils.regularization."""

import numpy as np
import pytest

from course_utils.gradcheck import check_gradients
from course_utils.init import he_init, xavier_init
from course_utils.regularization import EarlyStopping, ema_update, l2_penalty


# -------------------------------------------------------------------------------------------- init
def test_xavier_shape_range_and_variance():
    W = xavier_init(300, 200, np.random.default_rng(0))
    assert W.shape == (300, 200) and W.dtype == np.float64
    a = np.sqrt(6 / 500)
    assert np.all(np.abs(W) <= a)
    assert np.abs(W).max() > 0.99 * a  # uniform: reaches the edges
    assert W.var() == pytest.approx(2 / 500, rel=0.02)
    assert abs(W.mean()) < 4 * np.sqrt(2 / 500 / W.size)  # centred


def test_he_shape_and_std():
    W = he_init(400, 250, np.random.default_rng(1))
    assert W.shape == (400, 250) and W.dtype == np.float64
    assert W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.01)
    # normal, not uniform: some weights beyond 3 std
    assert np.mean(np.abs(W) > 3 * np.sqrt(2 / 400)) == pytest.approx(0.0027, abs=0.001)


def test_he_keeps_relu_signal_variance_through_depth():
    rng = np.random.default_rng(2)
    h = rng.normal(size=(2000, 100))
    second_moments = []
    for _ in range(10):
        h = np.maximum(h @ he_init(100, 100, rng), 0)
        second_moments.append(np.mean(h**2))
    assert 0.5 < second_moments[-1] / second_moments[0] < 2.0


def test_init_deterministic_and_validated():
    np.testing.assert_array_equal(xavier_init(3, 4, np.random.default_rng(7)), xavier_init(3, 4, np.random.default_rng(7)))
    np.testing.assert_array_equal(he_init(3, 4, np.random.default_rng(7)), he_init(3, 4, np.random.default_rng(7)))
    with pytest.raises(TypeError, match="Generator"):
        he_init(3, 4, 7)
    with pytest.raises(ValueError, match="n_in"):
        xavier_init(0, 4, np.random.default_rng(0))


# -------------------------------------------------------------------------------------- l2_penalty
def test_l2_penalty_value_weights_only():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([5.0, 5.0]), "W2": np.array([[3.0]]), "b2": np.array([1.0])}
    pen, grads = l2_penalty(params, 0.1)
    assert pen == pytest.approx(0.05 * (1 + 4 + 9), rel=1e-15)
    assert set(grads) == set(params)
    np.testing.assert_allclose(grads["W1"], [[0.1, 0.2]])
    np.testing.assert_allclose(grads["W2"], [[0.3]])
    np.testing.assert_array_equal(grads["b1"], [0.0, 0.0])
    np.testing.assert_array_equal(grads["b2"], [0.0])


def test_l2_penalty_gradient_check():
    rng = np.random.default_rng(3)
    params = {"W1": rng.normal(size=(3, 4)), "b1": rng.normal(size=4), "W2": rng.normal(size=(4, 2))}
    lam = 0.37
    report = check_gradients(lambda p: l2_penalty(p, lam)[0], params, l2_penalty(params, lam)[1])
    assert report.passed, str(report)
    wrong = l2_penalty(params, lam)[1]
    wrong["W2"] = 2 * wrong["W2"]  # forgot the 1/2 in the penalty
    assert check_gradients(lambda p: l2_penalty(p, lam)[0], params, wrong).failed == ["W2"]


def test_l2_penalty_zero_and_negative_lambda():
    pen, grads = l2_penalty({"W": np.ones((2, 2))}, 0.0)
    assert pen == 0.0 and np.all(grads["W"] == 0)
    with pytest.raises(ValueError, match="lam"):
        l2_penalty({"W": np.ones(2)}, -1.0)


# ----------------------------------------------------------------------------------- EarlyStopping
def test_early_stopping_semantics():
    es = EarlyStopping(patience=2)
    losses = [1.0, 0.8, 0.85, 0.7, 0.75, 0.72, 0.9]
    decisions = [es.step(v) for v in losses]
    # improvements at 0, 1, 3; no improvement at 4 and 5 -> stop at step 5
    assert decisions == [False, False, False, False, False, True, True]
    assert es.best_loss == 0.7 and es.best_epoch == 3
    assert es.counter == 3 and es.stopped


def test_early_stopping_min_delta():
    es = EarlyStopping(patience=1, min_delta=0.1)
    assert es.step(1.0) is False
    assert es.step(0.95) is True  # better, but not by more than 0.1
    assert es.best_loss == 1.0 and es.best_epoch == 0
    es = EarlyStopping(patience=1, min_delta=0.1)
    es.step(1.0)
    assert es.step(0.85) is False and es.best_epoch == 1


def test_early_stopping_keeps_copies_of_best_params():
    W = np.array([1.0, 2.0])
    params = {"W": W}
    es = EarlyStopping(patience=3)
    es.step(0.5, params)
    W += 100.0          # training continues in place...
    params["W"] = W * 2  # ...or rebinds
    es.step(0.9, params)
    np.testing.assert_array_equal(es.best_params["W"], [1.0, 2.0])
    assert es.best_params["W"] is not W
    target = {"W": np.zeros(2)}
    ref = target["W"]
    es.restore(target)
    np.testing.assert_array_equal(target["W"], [1.0, 2.0])
    assert target["W"] is ref  # restored in place


def test_early_stopping_nan_is_not_improvement_and_validation():
    es = EarlyStopping(patience=1)
    es.step(1.0)
    assert es.step(float("nan")) is True
    with pytest.raises(ValueError):
        EarlyStopping(patience=0)
    with pytest.raises(ValueError):
        EarlyStopping(patience=2, min_delta=-1)


# -------------------------------------------------------------------------------------- ema_update
def test_ema_update_initialises_with_copies_and_updates_in_place():
    params = {"W": np.array([1.0, 3.0]), "b": np.array([2.0])}
    avg = {}
    out = ema_update(avg, params, 0.9)
    assert out is avg
    np.testing.assert_array_equal(avg["W"], [1.0, 3.0])
    assert avg["W"] is not params["W"]
    ref = avg["W"]
    params["W"][...] = [11.0, 13.0]
    ema_update(avg, params, 0.9)
    np.testing.assert_allclose(avg["W"], [0.9 * 1 + 0.1 * 11, 0.9 * 3 + 0.1 * 13], rtol=1e-15)
    np.testing.assert_allclose(avg["b"], [2.0])
    assert avg["W"] is ref  # in place
    np.testing.assert_array_equal(params["W"], [11.0, 13.0])  # params untouched


def test_ema_converges_to_constant_and_validates():
    avg = {"w": np.array([0.0])}
    for _ in range(200):
        ema_update(avg, {"w": np.array([5.0])}, 0.95)
    assert avg["w"][0] == pytest.approx(5.0 * (1 - 0.95**200), rel=1e-12)
    with pytest.raises(ValueError, match="decay"):
        ema_update({}, {"w": np.ones(1)}, 1.5)
