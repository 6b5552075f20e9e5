"""course_utils.diagnostics: the initial-loss check, per-layer signals, update ratios, dead units, the recorder."""
import numpy as np
import pytest

from course_utils.diagnostics import (dead_fraction, initial_loss_check, layer_signals, plot_layer_histograms,
                                      plot_update_ratios, update_ratios, watch_training)
from course_utils.activations import softmax
from course_utils.mlp import MLP
from course_utils.optim import SGD


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 6))
    y = rng.integers(0, 4, size=90)
    return X, y


def test_initial_loss_is_ln_k_and_the_excess_is_half_the_logit_variance(data):
    X, y = data
    check = initial_loss_check(MLP([6, 16, 4], seed=1), X, y)
    assert check["ln_k"] == pytest.approx(np.log(4)) and abs(check["excess"]) < 1e-3
    net = MLP([6, 16, 4], seed=1, output_scale=0.3)                 # small logits: second-order estimate
    logits = net.forward(X)
    half_var = 0.5 * np.mean(np.var(logits, axis=1))
    excess = initial_loss_check(net, X, y)["excess"]
    assert 0 < half_var and abs(excess - half_var) < 0.3 * half_var + 0.02
    big = initial_loss_check(MLP([6, 16, 4], seed=1, output_scale=3.0), X, y)
    assert big["excess"] > 0.3
    assert initial_loss_check(net, X, y, n_classes=7)["ln_k"] == pytest.approx(np.log(7))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_layer_signals_match_the_mlps_backprop(data, activation):
    X, y = data
    net = MLP([6, 5, 7, 4], activation=activation, seed=2)
    sig = layer_signals(net.params, X, y, activation)
    loss, grads = net.loss_and_grads(X, y)
    assert sig["loss"] == pytest.approx(loss, rel=1e-12)
    for l in range(3):
        np.testing.assert_allclose(sig["grad_W"][l], grads[f"W{l + 1}"], rtol=1e-10, atol=1e-14)
    assert [a.shape for a in sig["pre"]] == [(90, 5), (90, 7)] == [h.shape for h in sig["act"]]
    onehot = np.eye(4)[y]
    dO = (softmax(net.forward(X)) - onehot) / len(y)
    np.testing.assert_allclose(sig["grad_act"][-1], dO @ net.params["W3"].T, rtol=1e-10, atol=1e-15)
    with pytest.raises(ValueError):
        layer_signals(net.params, X, y, "elu")


def test_update_ratios_and_dead_fraction():
    before = {"W1": np.array([[3.0, 4.0]]), "b1": np.zeros(2), "W2": np.zeros((2, 1)), "W3": np.zeros(2)}
    after = {"W1": np.array([[3.0, 4.5]]), "b1": np.ones(2), "W2": np.zeros((2, 1)), "W3": np.ones(2)}
    r = update_ratios(before, after)
    assert set(r) == {"W1", "W2", "W3"} and r["W1"] == pytest.approx(0.1) and r["W2"] == 0.0
    assert r["W3"] == np.inf
    h = np.array([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    assert dead_fraction(h) == 0.5 and dead_fraction(np.ones((2, 3))) == 0.0


def test_watch_training_records_consistent_ratios_and_is_reproducible(data):
    X, y = data
    lr = 0.2
    run = watch_training(MLP([6, 8, 4], seed=0), SGD(lr=lr), X, y, epochs=3, batch_size=32,
                         rng=np.random.default_rng(5), snapshots=(0, 2, 3))
    assert len(run["batch_loss"]) == 9 and run["ratios"]["W1"].shape == (9,) and len(run["epoch_loss"]) == 4
    assert set(run["signals"]) == {0, 2, 3} and len(run["dead"][2]) == 1
    again = watch_training(MLP([6, 8, 4], seed=0), SGD(lr=lr), X, y, epochs=3, batch_size=32,
                           rng=np.random.default_rng(5), snapshots=(0, 2, 3))
    np.testing.assert_array_equal(run["batch_loss"], again["batch_loss"])
    net = MLP([6, 8, 4], seed=0)                          # first step by hand: r = lr ||g|| / ||W|| for SGD
    idx = np.random.default_rng(5).permutation(90)[:32]
    loss, g = net.loss_and_grads(X[idx], y[idx])
    assert run["batch_loss"][0] == pytest.approx(loss)
    for k in ("W1", "W2"):
        assert run["ratios"][k][0] == pytest.approx(lr * np.linalg.norm(g[k]) / np.linalg.norm(net.params[k]))
    assert run["epoch_loss"][-1] < run["epoch_loss"][0]


def test_plots_are_titled_labelled_and_have_legends():
    from matplotlib.figure import Figure                  # no pyplot: nothing to close
    rng = np.random.default_rng(0)
    ax1, ax2 = Figure().subplots(1, 2)
    ax = plot_layer_histograms([rng.normal(size=100), rng.normal(size=(10, 5))], ax=ax1, title="t", xlabel="x")
    assert ax is ax1 and ax.get_title() == "t" and ax.get_ylabel() == "density"
    assert len(ax.get_legend().get_texts()) == 2
    plot_update_ratios({"W1": np.full(30, 1e-3), "W2": np.full(5, 2e-3)}, ax=ax2)
    assert ax2.get_yscale() == "log" and ax2.get_xlabel() == "step" and ax2.get_legend() is not None
