"""Headless tests of the six widgets: set controls, check the computed state and the plotted data."""
import asyncio

import numpy as np
import pytest

from course_utils.widgets import (activation_explorer, learning_rate_explorer, optimizer_race, perceptron_stepper,
                                  playground, regularization_explorer)
from course_utils.widgets.surfaces import (SURFACES, DIVERGENCE_NORM, IllConditionedQuadratic, TwoWeight,
                                           gradient_descent_path)
from course_utils.gradcheck import numerical_gradient


# ---- surfaces: exact maths -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_gradient_and_hessian_match_finite_differences(name):
    s = SURFACES[name]
    rng = np.random.default_rng(0)
    for _ in range(5):
        w = np.array([rng.uniform(*s.xlim), rng.uniform(*s.ylim)])
        num = numerical_gradient(lambda v: float(s.value(v)), w.copy())
        np.testing.assert_allclose(s.gradient(w), num, rtol=1e-6, atol=1e-6)
        H_num = np.column_stack([numerical_gradient(lambda v: float(s.gradient(v)[i]), w.copy()) for i in (0, 1)])
        np.testing.assert_allclose(s.hessian(w), H_num.T, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(s.hessian(w), s.hessian(w).T)
    for m in s.minima:
        np.testing.assert_allclose(s.gradient(np.array(m)), 0.0, atol=1e-12)
        assert np.all(np.linalg.eigvalsh(s.hessian(np.array(m))) > 0)


def test_two_weight_surface_facts_from_the_lecture():
    s = TwoWeight()
    H = s.hessian(np.array(s.minima[0]))
    np.testing.assert_allclose(H, [[3.0, 2.84], [2.84, 3.0]], atol=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [0.16, 5.84], atol=1e-12)
    assert s.hessian(np.zeros(2))[0, 1] == -3.0          # the origin is a saddle (eigenvalues ±3 + 0.08)
    c_star = float(s.value(np.array(s.minima[0])))
    slow = s.value(gradient_descent_path(s, s.start, 0.25, 50)) - c_star
    fast = s.value(gradient_descent_path(s, s.start, 0.35, 50)) - c_star
    assert np.all(np.diff(slow) < 0) and 1e-4 < slow[-1] < 1e-3     # 0.25 decreases every step, but crawls
    assert np.sum(np.diff(fast[10:]) > 0) >= 15 and fast[-1] > 1e-2   # 0.35 keeps oscillating


def test_quadratic_converges_below_and_diverges_above_two_over_lambda_max():
    q = IllConditionedQuadratic()
    assert q.lambda_max() == pytest.approx(10.0)
    below = gradient_descent_path(q, q.start, 0.19, 200)
    above = gradient_descent_path(q, q.start, 0.21, 400)
    assert np.linalg.norm(below[-1]) < 1e-6
    assert len(above) < 401 and np.max(np.abs(above[-1])) > DIVERGENCE_NORM   # stopped, without overflow


# ---- the widgets ----------------------------------------------------------------------------------------------
def _png(w):
    return bytes(w.image.value)


def test_learning_rate_explorer_state_and_artists_follow_the_slider():
    w = learning_rate_explorer()
    assert w.state.surface == "two_weight" and w.state.lr == pytest.approx(0.25)
    png0, path0 = _png(w), w.artists["path"].get_xydata().copy()
    w.controls["lr"].value = 0.35
    assert w.state.lr > w.state.stability_limit and "above the stability limit" in w.status.value
    assert _png(w) != png0 and not np.allclose(w.artists["path"].get_xydata(), path0)
    np.testing.assert_allclose(w.artists["path"].get_xydata(), w.state.path)
    w.controls["surface"].value = "quadratic"
    assert w.state.stability_limit == pytest.approx(0.2)
    w.controls["lr"].value = 0.15
    assert not w.state.growing and w.state.gap[-1] < 1e-6
    w.controls["lr"].value = 0.25
    assert w.state.growing and "diverg" in w.status.value
    w.controls["w1"].value = 1.0
    assert w.state.path[0][0] == 1.0 and w.artists["start"].get_xdata()[0] == 1.0
    assert w.figure.axes[0].get_title() and w.figure.axes[0].get_xlabel() == "w1"


def test_optimizer_race_uses_every_optimizer_and_toggles():
    w = optimizer_race()
    assert set(w.state.paths) == {"SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"}
    paths = {k: v.copy() for k, v in w.state.paths.items()}
    assert not np.allclose(paths["Momentum"], paths["SGD"])            # they really differ
    assert w.state.final_gap["Momentum"] < w.state.final_gap["SGD"]     # momentum is faster in the valley
    w.controls["beta"].value = 0.0
    np.testing.assert_allclose(w.state.paths["Momentum"], paths["SGD"])  # β = 0: momentum is plain SGD
    w.controls["Adam"].value = False
    assert "Adam" not in w.state.paths and not w.artists["path_Adam"].get_visible()
    png = _png(w)
    w.controls["lr"].value = 0.01
    assert _png(w) != png
    np.testing.assert_allclose(w.artists["path_SGD"].get_xydata(), w.state.paths["SGD"])


def test_perceptron_stepper_steps_within_novikoffs_bound():
    w = perceptron_stepper()
    assert w.state.k == 0 and w.state.culprit is None and np.all(w.state.w == 0)
    png = _png(w)
    w.step()
    assert w.state.k == 1 and w.state.culprit is not None and _png(w) != png
    x = np.r_[1.0, w.X[w.state.culprit]]
    np.testing.assert_allclose(w.state.w, w.weights[0] + w.state.lr * w.y[w.state.culprit] * x)
    np.testing.assert_allclose(w.artists["culprit"].get_xydata()[0], w.X[w.state.culprit])
    w.step(1000)
    assert w.state.converged and w.state.k == w.state.n_updates <= w.state.bound
    assert w.state.wrong.sum() == 0
    w.reset()
    assert w.state.k == 0
    w.controls["dataset"].value = "xor"
    assert not w.state.converged and w.state.bound == np.inf


def test_activation_explorer_gain_approaches_a_threshold():
    w = activation_explorer()
    assert w.state.max_slope == pytest.approx(0.25, abs=1e-4)          # σ'(0) = 1/4
    flat0 = w.state.vanishing.mean()
    w.controls["gain"].value = 50.0
    assert w.state.max_slope == pytest.approx(50 / 4, rel=1e-3)
    assert w.state.vanishing.mean() > 0.9 > flat0
    w.controls["bias"].value = 2.0
    assert w.state.threshold == pytest.approx(-2.0 / 50.0)
    h = w.artists["h_sigmoid"].get_ydata()
    z = w.state.z
    assert np.all(h[z < -0.2] < 0.01) and np.all(h[z > 0.2] > 0.99)
    w.controls["activation"].value = "relu"
    assert w.state.activation == "relu" and w.artists["h_relu"].get_linewidth() > w.artists["h_sigmoid"].get_linewidth()


def test_playground_trains_and_controls_change_the_model():
    w = playground(dataset="xor")
    assert w.state.steps == 0
    heat0 = w.artists["heat"].get_array().copy()
    w.step(20)
    assert w.state.steps == 200 and len(w.state.train_loss) == 21
    assert w.state.train_loss[-1] < 0.5 * w.state.train_loss[0] and w.state.test_acc > 0.8
    assert not np.allclose(w.artists["heat"].get_array(), heat0)
    np.testing.assert_allclose(w.artists["train_loss"].get_ydata(), w.state.train_loss)
    w.controls["use_l2"].value = True
    w.controls["dropout"].value = 0.2
    assert w.model.l2 == pytest.approx(w.controls["l2"].value) and w.model.dropout == 0.2
    w.controls["hidden_layers"].value = 2
    assert w.state.steps == 0 and w.state.sizes == [2, 8, 8, 2] and len(w.model.params) == 6
    w.controls["dataset"].value = "circles"
    assert len(w.X) == 100


def test_playground_play_runs_as_an_asyncio_task_and_pause_cancels():
    w = playground(dataset="circles")

    async def drive():
        w.play()
        await asyncio.sleep(0.3)
        assert w.playing
        w.controls["lr"].value = 0.01            # the controls are handled while training runs
        steps = w.state.steps
        w.pause()
        await asyncio.sleep(0.05)
        return steps

    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        steps = loop.run_until_complete(drive())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    assert steps >= 10 and not w.playing and w.state.steps == steps


def test_regularization_explorer_l2_shrinks_the_generalisation_gap():
    w = regularization_explorer()
    gap0, val0 = w.state.gap, w.artists["val"].get_ydata().copy()
    assert w.state.val_loss[-1] > w.state.val_loss[w.state.best_epoch]     # it overfits without help
    assert w.artists["best"].get_xdata()[0] == w.state.best_epoch + 1
    w.controls["l2"].value = 0.01
    assert w.state.gap < 0.5 * gap0 and not np.allclose(w.artists["val"].get_ydata(), val0)
    assert (0.0, 0.0) in w.cache and (0.01, 0.0) in w.cache
    w.controls["l2"].value = 0.0
    w.controls["dropout"].value = 0.5
    assert w.state.dropout == 0.5 and w.state.gap < gap0


def test_no_widget_state_or_pyplot_figures_leak():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    learning_rate_explorer()
    assert plt.get_fignums() == before


@pytest.mark.parametrize("make", [learning_rate_explorer, optimizer_race, perceptron_stepper, activation_explorer,
                                  playground, regularization_explorer])
def test_every_axes_has_a_title_labels_and_a_legend(make):
    w = make()
    assert len(w.image.value) > 1000 and w.image.format == "png"
    for ax in w.figure.axes:
        assert ax.get_title(), f"{make.__name__}: an axes has no title"
        assert ax.get_xlabel() and ax.get_ylabel(), f"{make.__name__}: unlabelled axes"
        assert ax.get_legend() is not None, f"{make.__name__}: an axes has no legend"
