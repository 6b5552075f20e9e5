"""Tests for course_utils.perceptron: a hand-traced run, the update rule, and Novikoff's bound."""

import numpy as np
import pytest

from course_utils.perceptron import Perceptron, add_bias, novikoff_bound

X_LOGIC = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_AND = np.array([-1, -1, -1, 1])
Y_XOR = np.array([-1, 1, 1, -1])


def test_add_bias_first_column():
    np.testing.assert_array_equal(add_bias([[2.0, 3.0], [4.0, 5.0]]), [[1, 2, 3], [1, 4, 5]])
    with pytest.raises(ValueError, match=r"\(n, d\)"):
        add_bias([1.0, 2.0])


def test_and_hand_traced_run():
    """Traced by hand with x~ = (1, x1, x2), w = 0, lr = 1, examples in order (a tie w.x~ = 0 counts
    as a mistake).  Epoch by epoch the updates are 2, 3, 3, 2, 2, 3, 2, 1, 0:

    epoch 1: (0,0)- -> w=(-1,0,0); (1,1)+ -> (0,1,1)
    epoch 2: (0,0)- -> (-1,1,1); (0,1)- -> (-2,1,0); (1,1)+ -> (-1,2,1)
    epoch 3: (0,1)- -> (-2,2,0); (1,0)- -> (-3,1,0); (1,1)+ -> (-2,2,1)
    epoch 4: (1,0)- -> (-3,1,1); (1,1)+ -> (-2,2,2)
    epoch 5: (0,1)- -> (-3,2,1); (1,1)+ -> (-2,3,2)
    epoch 6: (0,1)- -> (-3,3,1); (1,0)- -> (-4,2,1); (1,1)+ -> (-3,3,2)
    epoch 7: (1,0)- -> (-4,2,2); (1,1)+ -> (-3,3,3)
    epoch 8: (0,1)- -> (-4,3,2)
    epoch 9: no mistakes.
    """
    p = Perceptron(lr=1.0).fit(X_LOGIC, Y_AND)
    assert p.n_mistakes == 18 and isinstance(p.n_mistakes, int)
    np.testing.assert_array_equal(p.w_, [-4.0, 3.0, 2.0])
    assert p.mistakes_per_epoch_ == [2, 3, 3, 2, 2, 3, 2, 1, 0]
    assert p.n_epochs_ == 9 and p.converged_
    np.testing.assert_array_equal(p.history[0], [0, 0, 0])
    np.testing.assert_array_equal(p.history[1], [-1, 0, 0])
    np.testing.assert_array_equal(p.history[2], [0, 1, 1])
    assert len(p.history) == p.n_mistakes + 1
    np.testing.assert_array_equal(p.predict(X_LOGIC), Y_AND)
    np.testing.assert_array_equal(p.decision_function(X_LOGIC), [-4, -2, -1, 1])


def test_fit_returns_self_and_predict_tie_gives_minus_one():
    p = Perceptron()
    assert p.fit(X_LOGIC, Y_AND) is p
    p.w_ = np.array([0.0, 1.0, -1.0])
    np.testing.assert_array_equal(p.predict(np.array([[1.0, 1.0], [2.0, 1.0], [0.0, 1.0]])), [-1, 1, -1])
    assert p.predict(X_LOGIC).dtype.kind == "i"


def test_every_history_step_is_an_update_on_a_mistake():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = np.where(X @ [1.0, -2.0] + 0.3 > 0, 1, -1)
    p = Perceptron(lr=0.5).fit(X, y)
    Xa = add_bias(X)
    for before, after in zip(p.history[:-1], p.history[1:]):
        step = (after - before) / 0.5
        # the step is +-x~_i of some example that `before` got wrong
        matches = [i for i in range(len(X)) if np.allclose(step, y[i] * Xa[i]) and y[i] * (before @ Xa[i]) <= 0]
        assert matches, "each update must be w + lr*y*x on a misclassified example"
    assert p.converged_ and p.score(X, y) == 1.0


def test_xor_does_not_converge():
    p = Perceptron(max_epochs=25).fit(X_LOGIC, Y_XOR)
    assert not p.converged_
    assert p.n_epochs_ == 25 and all(m > 0 for m in p.mistakes_per_epoch_)
    assert p.score(X_LOGIC, Y_XOR) < 1.0


def test_learning_rate_only_rescales_from_zero():
    ref = Perceptron(lr=1.0).fit(X_LOGIC, Y_AND)
    for lr in (0.25, 0.5, 2.0):  # powers of two: exact in floating point, even with ties
        p = Perceptron(lr=lr).fit(X_LOGIC, Y_AND)
        assert p.n_mistakes == ref.n_mistakes
        np.testing.assert_array_equal(p.w_, lr * ref.w_)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 3))
    y = np.where(X @ [0.5, -1.0, 2.0] - 0.2 > 0, 1, -1)
    ref = Perceptron(lr=1.0).fit(X, y)
    for lr in (0.1, 0.37, 3.0):  # continuous data: no ties, any rate
        p = Perceptron(lr=lr).fit(X, y)
        assert p.n_mistakes == ref.n_mistakes
        np.testing.assert_allclose(p.w_, lr * ref.w_, rtol=1e-10)


def test_learning_rate_matters_from_a_nonzero_start():
    w0 = np.array([0.5, -1.0, 1.0])
    runs = {lr: Perceptron(lr=lr).fit(X_LOGIC, Y_AND, w0=w0) for lr in (0.25, 0.5, 1.0)}
    for lr, p in runs.items():
        np.testing.assert_array_equal(p.history[0], w0)
        assert p.converged_
        np.testing.assert_array_equal(p.predict(X_LOGIC), Y_AND)
    assert len({p.n_mistakes for p in runs.values()}) > 1
    with pytest.raises(ValueError, match="w0"):
        Perceptron().fit(X_LOGIC, Y_AND, w0=[0.0, 1.0])


def test_validation():
    with pytest.raises(ValueError, match="2\\*y - 1"):
        Perceptron().fit(X_LOGIC, np.array([0, 0, 0, 1]))
    with pytest.raises(ValueError, match="shape"):
        Perceptron().fit(X_LOGIC, np.array([1, -1]))
    with pytest.raises(RuntimeError, match="fit"):
        Perceptron().predict(X_LOGIC)
    with pytest.raises(ValueError, match="features"):
        Perceptron().fit(X_LOGIC, Y_AND).predict(np.ones((2, 3)))
    with pytest.raises(ValueError, match="lr"):
        Perceptron(lr=0)


# ---------------------------------------------------------------------------------------- Novikoff
def test_novikoff_bound_hand_value():
    # w* = (-3, 2, 2): margins y w*.x~ = 3, 1, 1, 1 -> gamma = 1/sqrt(17); R^2 = ||(1,1,1)||^2 = 3
    assert novikoff_bound(X_LOGIC, Y_AND, [-3.0, 2.0, 2.0]) == pytest.approx(51.0, rel=1e-12)
    assert Perceptron().fit(X_LOGIC, Y_AND).n_mistakes <= 51


def test_novikoff_bound_uses_x_as_given_for_a_separator_without_bias():
    # R = ||(3, 4)|| = 5; along (1, 0) the margins are 3 and 1, so gamma = 1 and the bound is 25
    X = np.array([[3.0, 4.0], [-1.0, 0.0]])
    assert novikoff_bound(X, [1, -1], [2.0, 0.0]) == pytest.approx(25.0, rel=1e-14)
    assert novikoff_bound(X, [1, -1], [0.5, 0.0]) == pytest.approx(25.0, rel=1e-14)  # direction only
    # a bias column supplied by the caller gives the same number as the internal augmentation
    w_star = np.array([-3.0, 2.0, 2.0])
    assert novikoff_bound(add_bias(X_LOGIC), Y_AND, w_star) == pytest.approx(
        novikoff_bound(X_LOGIC, Y_AND, w_star), rel=1e-14)


def test_novikoff_bound_rejects_non_separating_w():
    with pytest.raises(ValueError, match="does not separate"):
        novikoff_bound(X_LOGIC, Y_AND, [-1.0, 2.0, 2.0])  # (0,1) gets +1 but is labelled -1
    with pytest.raises(ValueError, match="bias first"):
        novikoff_bound(X_LOGIC, Y_AND, [2.0, 2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="does not separate"):
        novikoff_bound(X_LOGIC, Y_AND, [2.0, 2.0])  # as given: (0, 0) lies on the boundary, gamma = 0
    with pytest.raises(ValueError, match="zero"):
        novikoff_bound(X_LOGIC, Y_AND, [0.0, 0.0, 0.0])


def _separable(rng, n, d, margin):
    """Random data separated by a random hyperplane (bias included) with a margin of at least `margin`."""
    w = rng.normal(size=d + 1)
    w /= np.linalg.norm(w)
    X = np.empty((0, d))
    while len(X) < n:
        cand = rng.uniform(-2, 2, size=(4 * n, d))
        keep = np.abs(add_bias(cand) @ w) >= margin
        X = np.vstack([X, cand[keep]])
    X = X[:n]
    y = np.where(add_bias(X) @ w > 0, 1, -1)
    return X, y, w


def test_mistakes_never_exceed_novikoff_bound_on_random_separable_data():
    rng = np.random.default_rng(2024)
    ratios = []
    for trial in range(120):
        d = int(rng.integers(1, 6))
        n = int(rng.integers(5, 60))
        margin = float(rng.uniform(0.05, 0.5))
        X, y, w_star = _separable(rng, n, d, margin)
        bound = novikoff_bound(X, y, w_star)
        lr = float(rng.choice([0.1, 1.0, 3.0]))
        p = Perceptron(lr=lr, max_epochs=int(bound) + 2).fit(X, y)
        assert p.converged_, f"trial {trial}: no convergence within the bound"
        assert p.n_mistakes <= bound, f"trial {trial}: {p.n_mistakes} mistakes > bound {bound:.1f}"
        assert np.all(p.predict(X) == y)
        ratios.append(p.n_mistakes / bound)
    # the bound is a worst case: real runs use a fraction of it, but not a vanishing one
    assert 0 < max(ratios) <= 1 and np.median(ratios) < 0.5
