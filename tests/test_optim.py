"""Optimizers: hand-computed steps, pure functions vs classes, and agreement with torch.optim."""
import math

import numpy as np
import pytest

from course_utils import optim
from course_utils.optim import (SGD, AdaGrad, Adam, Momentum, RMSProp, adagrad_update, adam_update,
                                exponential_decay, inverse_time_decay, momentum_update, rmsprop_update,
                                sgd_update, step_decay)


def run_class(opt, w0, grads):
    """Apply opt.step to a one-array params dict for each gradient in turn; return the trajectory."""
    params = {"w": np.array(w0, dtype=float)}
    out = []
    for g in grads:
        opt.step(params, {"w": np.array(g, dtype=float)})
        out.append(params["w"].copy())
    return out


# ---------------------------------------------------------------------------------------------------------
# Hand-computed steps
# ---------------------------------------------------------------------------------------------------------
def test_sgd_by_hand():
    np.testing.assert_allclose(sgd_update(np.array([1.0, -2.0]), np.array([0.5, 1.0]), 0.1), [0.95, -2.1])
    traj = run_class(SGD(0.1), [1.0, -2.0], [[0.5, 1.0], [0.5, 1.0]])
    np.testing.assert_allclose(traj[-1], [0.9, -2.2])


def test_momentum_by_hand():
    # v1 = 1, w1 = 1 - 0.1*1 = 0.9;  v2 = 0.9*1 + 0.5 = 1.4, w2 = 0.9 - 0.14 = 0.76
    w1, v1 = momentum_update(np.array([1.0]), np.array([1.0]), None, lr=0.1, beta=0.9)
    np.testing.assert_allclose([w1[0], v1[0]], [0.9, 1.0])
    w2, v2 = momentum_update(w1, np.array([0.5]), v1, lr=0.1, beta=0.9)
    np.testing.assert_allclose([w2[0], v2[0]], [0.76, 1.4])
    traj = run_class(Momentum(0.1, beta=0.9), [1.0], [[1.0], [0.5]])
    np.testing.assert_allclose([traj[0][0], traj[1][0]], [0.9, 0.76])


def test_nesterov_by_hand():
    # v1 = 1, w1 = 1 - 0.1*(1 + 0.9*1) = 0.81;  v2 = 1.4, w2 = 0.81 - 0.1*(0.5 + 0.9*1.4) = 0.634
    w1, v1 = momentum_update(np.array([1.0]), np.array([1.0]), None, lr=0.1, beta=0.9, nesterov=True)
    w2, v2 = momentum_update(w1, np.array([0.5]), v1, lr=0.1, beta=0.9, nesterov=True)
    np.testing.assert_allclose([w1[0], w2[0], v2[0]], [0.81, 0.634, 1.4])
    traj = run_class(Momentum(0.1, beta=0.9, nesterov=True), [1.0], [[1.0], [0.5]])
    np.testing.assert_allclose([traj[0][0], traj[1][0]], [0.81, 0.634])


def test_adagrad_by_hand():
    # G1 = 9, w1 = 1 - 0.1*3/3 = 0.9;  G2 = 25, w2 = 0.9 - 0.1*4/5 = 0.82
    w1, G1 = adagrad_update(np.array([1.0]), np.array([3.0]), None, lr=0.1, eps=0.0)
    w2, G2 = adagrad_update(w1, np.array([4.0]), G1, lr=0.1, eps=0.0)
    np.testing.assert_allclose([w1[0], G1[0], w2[0], G2[0]], [0.9, 9.0, 0.82, 25.0])
    traj = run_class(AdaGrad(0.1, eps=0.0), [1.0], [[3.0], [4.0]])
    np.testing.assert_allclose([traj[0][0], traj[1][0]], [0.9, 0.82])


def test_adagrad_eps_is_added_after_the_square_root():
    w, _ = adagrad_update(np.array([0.0]), np.array([1.0]), None, lr=1.0, eps=1.0)
    assert w[0] == pytest.approx(-1.0 / (1.0 + 1.0))          # not -1/sqrt(1 + 1)


def test_rmsprop_by_hand():
    # s1 = 0.01*4 = 0.04, w1 = 1 - 0.01*2/0.2 = 0.9;  s2 = 0.99*0.04 + 0.04 = 0.0796, w2 = 0.9 - 0.02/sqrt(0.0796)
    w1, s1 = rmsprop_update(np.array([1.0]), np.array([2.0]), None, lr=0.01, alpha=0.99, eps=0.0)
    w2, s2 = rmsprop_update(w1, np.array([2.0]), s1, lr=0.01, alpha=0.99, eps=0.0)
    np.testing.assert_allclose([w1[0], s1[0], s2[0]], [0.9, 0.04, 0.0796])
    np.testing.assert_allclose(w2[0], 0.9 - 0.02 / math.sqrt(0.0796))
    traj = run_class(RMSProp(0.01, alpha=0.99, eps=0.0), [1.0], [[2.0], [2.0]])
    np.testing.assert_allclose([traj[0][0], traj[1][0]], [0.9, 0.9 - 0.02 / math.sqrt(0.0796)])


def test_adam_by_hand():
    # Step 1: m̂ = g, v̂ = g², so the step is lr*sign(g) whatever |g| is.
    w1, m1, v1 = adam_update(np.array([1.0, 1.0]), np.array([1.0, -250.0]), None, None, t=1, lr=0.1, eps=0.0)
    np.testing.assert_allclose(w1, [0.9, 1.1])
    np.testing.assert_allclose(m1, [0.1, -25.0])
    np.testing.assert_allclose(v1, [0.001, 62.5])
    # Step 2 on one coordinate: g1 = 1, g2 = 3.
    m = 0.9 * 0.1 + 0.1 * 3.0                       # 0.39
    v = 0.999 * 0.001 + 0.001 * 9.0                 # 0.009999
    expected = 0.9 - 0.1 * (m / (1 - 0.9 ** 2)) / math.sqrt(v / (1 - 0.999 ** 2))
    w2, m2, v2 = adam_update(w1[:1], np.array([3.0]), m1[:1], v1[:1], t=2, lr=0.1, eps=0.0)
    np.testing.assert_allclose([m2[0], v2[0]], [m, v])
    np.testing.assert_allclose(w2[0], expected)
    assert w2[0] == pytest.approx(0.9 - 0.0917782, abs=1e-7)
    traj = run_class(Adam(lr=0.1, eps=0.0), [1.0], [[1.0], [3.0]])
    np.testing.assert_allclose([traj[0][0], traj[1][0]], [0.9, expected])


def test_adam_eps_is_added_after_sqrt_of_bias_corrected_v():
    w1, _, _ = adam_update(np.array([0.0]), np.array([1.0]), None, None, t=1, lr=1.0, eps=1.0)
    assert w1[0] == pytest.approx(-1.0 / (1.0 + 1.0))      # m̂ = 1, √v̂ = 1


def test_adam_rejects_step_zero():
    with pytest.raises(ValueError, match="starts at 1"):
        adam_update(np.zeros(2), np.ones(2), None, None, t=0)


def test_defaults_follow_torch():
    assert (Adam().lr, Adam().beta1, Adam().beta2, Adam().eps) == (1e-3, 0.9, 0.999, 1e-8)
    assert AdaGrad(0.01).eps == 1e-10
    assert (RMSProp(0.01).alpha, RMSProp(0.01).eps) == (0.99, 1e-8)
    assert (Momentum(0.1).beta, Momentum(0.1).nesterov) == (0.9, False)


# ---------------------------------------------------------------------------------------------------------
# Pure functions vs classes, purity, in-place behaviour, state per key, lr attribute
# ---------------------------------------------------------------------------------------------------------
def _pure_trajectory(name, w, grads, **hyper):
    state = [None, None]
    out = []
    for t, g in enumerate(grads, start=1):
        if name == "sgd":
            w = sgd_update(w, g, hyper["lr"])
        elif name == "momentum":
            w, state[0] = momentum_update(w, g, state[0], **hyper)
        elif name == "adagrad":
            w, state[0] = adagrad_update(w, g, state[0], **hyper)
        elif name == "rmsprop":
            w, state[0] = rmsprop_update(w, g, state[0], **hyper)
        elif name == "adam":
            w, state[0], state[1] = adam_update(w, g, state[0], state[1], t, **hyper)
        out.append(w)
    return out


CASES = [
    ("sgd", SGD, {"lr": 0.05}),
    ("momentum", Momentum, {"lr": 0.05, "beta": 0.8}),
    ("momentum", Momentum, {"lr": 0.05, "beta": 0.8, "nesterov": True}),
    ("adagrad", AdaGrad, {"lr": 0.05, "eps": 1e-6}),
    ("rmsprop", RMSProp, {"lr": 0.05, "alpha": 0.9, "eps": 1e-6}),
    ("adam", Adam, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
]


@pytest.mark.parametrize("name,cls,hyper", CASES, ids=[f"{c[0]}{'-nesterov' if c[2].get('nesterov') else ''}"
                                                       for c in CASES])
def test_class_matches_pure_function(name, cls, hyper):
    rng = np.random.default_rng(1)
    w0 = rng.standard_normal((3, 4))
    grads = [rng.standard_normal((3, 4)) for _ in range(6)]
    w0_copy, grads_copy = w0.copy(), [g.copy() for g in grads]
    pure = _pure_trajectory(name, w0, grads, **hyper)
    np.testing.assert_array_equal(w0, w0_copy)                       # pure functions do not modify w ...
    for g, gc in zip(grads, grads_copy):
        np.testing.assert_array_equal(g, gc)                         # ... nor the gradient
    cls_traj = run_class(cls(**hyper), w0, grads)
    for a, b in zip(cls_traj, pure):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("cls", [SGD, Momentum, AdaGrad, RMSProp, Adam])
def test_step_updates_in_place_and_keeps_state_per_key(cls):
    rng = np.random.default_rng(2)
    params = {"W1": rng.standard_normal((2, 3)), "b1": rng.standard_normal(3)}
    ids = {k: id(v) for k, v in params.items()}
    before = {k: v.copy() for k, v in params.items()}
    grads = {"W1": rng.standard_normal((2, 3)), "b1": rng.standard_normal(3)}
    grads_before = {k: v.copy() for k, v in grads.items()}
    opt = cls(0.1)
    opt.step(params, grads)
    opt.step(params, grads)
    assert {k: id(v) for k, v in params.items()} == ids               # same arrays, updated in place
    for k in params:
        assert not np.allclose(params[k], before[k])
        np.testing.assert_array_equal(grads[k], grads_before[k])     # gradients untouched
    # State per key: a second optimizer that only ever sees b1 gives the same b1.
    solo = {"b1": before["b1"].copy()}
    opt2 = cls(0.1)
    opt2.step(solo, {"b1": grads["b1"]})
    opt2.step(solo, {"b1": grads["b1"]})
    np.testing.assert_allclose(solo["b1"], params["b1"], rtol=1e-14)


def test_lr_attribute_changes_the_next_step():
    params = {"w": np.array([1.0])}
    opt = SGD(0.1)
    opt.step(params, {"w": np.array([1.0])})
    opt.lr = 0.5
    opt.step(params, {"w": np.array([1.0])})
    np.testing.assert_allclose(params["w"], [1.0 - 0.1 - 0.5])


def test_reset_forgets_state():
    opt = Momentum(0.1, beta=0.9)
    params = {"w": np.array([0.0])}
    opt.step(params, {"w": np.array([1.0])})
    opt.reset()
    opt.step(params, {"w": np.array([1.0])})                         # fresh velocity: a plain step again
    np.testing.assert_allclose(params["w"], [-0.2])


@pytest.mark.parametrize("cls", [SGD, Momentum, AdaGrad, RMSProp, Adam])
def test_float32_parameters_stay_float32(cls):
    params = {"w": np.ones(5, dtype=np.float32)}
    cls(0.01).step(params, {"w": np.full(5, 0.5, dtype=np.float32)})
    assert params["w"].dtype == np.float32
    assert np.all(params["w"] < 1)


def test_step_rejects_mismatched_shapes_and_non_arrays():
    with pytest.raises(ValueError, match="shape"):
        Adam().step({"w": np.zeros(3)}, {"w": np.zeros(4)})
    with pytest.raises(TypeError, match="float ndarray"):
        SGD(0.1).step({"w": [1.0, 2.0]}, {"w": np.zeros(2)})
    with pytest.raises(ValueError):
        SGD(-1.0)
    with pytest.raises(ValueError):
        Momentum(0.1, beta=1.0)


def test_repr_names_hyperparameters():
    assert repr(Momentum(0.1, nesterov=True)) == "Momentum(lr=0.1, beta=0.9, nesterov=True)"


# ---------------------------------------------------------------------------------------------------------
# Agreement with torch.optim
# ---------------------------------------------------------------------------------------------------------
TORCH_CASES = [
    (SGD, {"lr": 0.05}, "SGD", {"lr": 0.05}),
    (Momentum, {"lr": 0.05, "beta": 0.9}, "SGD", {"lr": 0.05, "momentum": 0.9}),
    (Momentum, {"lr": 0.05, "beta": 0.9, "nesterov": True}, "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    (AdaGrad, {"lr": 0.05}, "Adagrad", {"lr": 0.05}),
    (RMSProp, {"lr": 0.01}, "RMSprop", {"lr": 0.01}),
    (Adam, {}, "Adam", {}),
    (Adam, {"lr": 0.02, "beta1": 0.8, "beta2": 0.95, "eps": 1e-6}, "Adam",
     {"lr": 0.02, "betas": (0.8, 0.95), "eps": 1e-6}),
]


@pytest.mark.parametrize("cls,ours,tname,theirs", TORCH_CASES,
                         ids=["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adam-custom"])
def test_matches_torch_optim_for_20_steps(cls, ours, tname, theirs):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: skipping the comparison with torch.optim")
    rng = np.random.default_rng(3)
    shapes = {"W1": (4, 3), "b1": (3,), "W2": (3, 2)}
    params = {k: rng.standard_normal(s) for k, s in shapes.items()}
    tparams = {k: torch.tensor(v.copy(), dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    topt = getattr(torch.optim, tname)(list(tparams.values()), **theirs)
    opt = cls(**ours)
    for _ in range(20):
        # gradients of a fixed quadratic-plus-noise loss evaluated at the current parameters
        grads = {k: 2.0 * params[k] + rng.standard_normal(shapes[k]) for k in shapes}
        opt.step(params, grads)
        for k, p in tparams.items():
            p.grad = torch.from_numpy(grads[k].copy())
        topt.step()
    for k in shapes:
        np.testing.assert_allclose(params[k], tparams[k].detach().numpy(), rtol=1e-10, atol=1e-12,
                                   err_msg=f"{cls.__name__} disagrees with torch.optim.{tname} on {k}")


# ---------------------------------------------------------------------------------------------------------
# Schedules
# ---------------------------------------------------------------------------------------------------------
def test_step_decay():
    assert [step_decay(0.1, e) for e in (0, 9, 10, 19, 20, 35)] == pytest.approx([0.1, 0.1, 0.05, 0.05,
                                                                                   0.025, 0.0125])
    assert step_decay(1.0, 7, drop=0.1, every=3) == pytest.approx(0.01)
    np.testing.assert_allclose(step_decay(1.0, np.arange(4), every=2), [1, 1, 0.5, 0.5])


def test_exponential_and_inverse_time_decay():
    assert exponential_decay(0.1, 0, 0.5) == pytest.approx(0.1)
    assert exponential_decay(0.1, 4, 0.5) == pytest.approx(0.1 * math.exp(-2.0))
    assert inverse_time_decay(0.1, 0, 0.5) == pytest.approx(0.1)
    assert inverse_time_decay(0.1, 4, 0.5) == pytest.approx(0.1 / 3.0)
    assert isinstance(inverse_time_decay(0.1, 4, 0.5), float)
    lrs = exponential_decay(1.0, np.arange(10), 0.3)
    assert lrs.shape == (10,) and np.all(np.diff(lrs) < 0)


def test_public_names():
    for name in ["sgd_update", "momentum_update", "adagrad_update", "rmsprop_update", "adam_update", "SGD",
                 "Momentum", "AdaGrad", "RMSProp", "Adam", "step_decay", "exponential_decay",
                 "inverse_time_decay"]:
        assert name in optim.__all__ and optim.__dict__[name].__doc__
