"""course_utils.optim_theory: heavy-ball momentum on a quadratic, checked against the iteration itself and against
course_utils.optim (the regions, the rates, Polyak's best rate) and the momentum_phase widget built on it."""
import numpy as np
import pytest

from course_utils import optim_theory as ot
from course_utils.optim import momentum_update


def _measured_rate(x, beta, steps=400):
    """The per-step factor of |w| measured on course_utils.optim.momentum_update with lr = 1, curvature x."""
    w, v, ws = np.array([1.0, 0.3]), None, []
    with np.errstate(all="ignore"):
        for _ in range(steps):
            w, v = momentum_update(w, x * w, v, 1.0, beta)
            ws.append(np.hypot(*w))
    return (ws[-1] / ws[steps // 2 - 1]) ** (1 / (steps - steps // 2))


@pytest.mark.parametrize("x,beta", [(0.05, 0.3), (0.5, 0.5), (1.0, 0.8), (3.0, 0.6), (1.9, 0.0), (0.3, 0.0),
                                    (3.5, 0.9), (3.7, 0.5)])
def test_rate_is_the_measured_contraction_of_optims_momentum(x, beta):
    rate = ot.momentum_rate(x, beta)
    assert _measured_rate(x, beta) == pytest.approx(rate, rel=2e-2)
    roots = ot.momentum_roots(x, beta)
    np.testing.assert_allclose(np.polyval([1.0, -(1 + beta - x), beta], roots), 0.0, atol=1e-12)
    assert abs(roots[0]) == pytest.approx(rate, rel=1e-12) and abs(roots[0]) >= abs(roots[1])


def test_regions_and_their_boundaries():
    b = np.array([0.0, 0.25, 0.81])
    e = ot.region_boundaries(b)
    np.testing.assert_allclose(e["complex_from"], [1.0, 0.25, 0.01])
    np.testing.assert_allclose(e["complex_to"], [1.0, 2.25, 3.61])
    np.testing.assert_allclose(e["diverge_at"], [2.0, 2.5, 3.62])
    assert ot.momentum_regime(0.5, 0.25) == ot.COMPLEX and ot.momentum_rate(0.5, 0.25) == pytest.approx(0.5)
    assert ot.momentum_regime(0.1, 0.25) == ot.REAL and ot.momentum_regime(2.4, 0.25) == ot.REAL
    assert ot.momentum_regime(2.6, 0.25) == ot.DIVERGENT and ot.momentum_rate(2.6, 0.25) > 1
    assert ot.momentum_regime(0.0, 0.5) == ot.DIVERGENT and ot.momentum_rate(0.0, 0.5) == 1.0
    assert ot.momentum_regime(1.5, 0.0) == ot.REAL and ot.momentum_rate(1.5, 0.0) == pytest.approx(0.5)
    grid = ot.momentum_regime(*np.meshgrid(np.linspace(0.01, 4, 50), np.linspace(0, 0.98, 40)))
    assert grid.shape == (40, 50) and set(np.unique(grid)) == {ot.REAL, ot.COMPLEX, ot.DIVERGENT}
    with pytest.raises(ValueError):
        ot.momentum_rate(1.0, 1.0)


def test_best_rates_and_polyaks_bound_on_a_grid():
    """No (eta, beta) on a fine grid beats Polyak's rate on the spectrum [1, kappa]; gradient descent's best step
    2 / (lam_min + lam_max) gives (kappa - 1) / (kappa + 1) and no other step does better."""
    for kappa in [4.0, 30.0, 200.0]:
        lams = np.array([1.0, kappa])
        etas = np.linspace(0.01, 2.0, 400) * 2 / (1 + kappa)
        gd = [ot.worst_rate(e, 0.0, lams) for e in etas]
        assert min(gd) >= ot.gd_best_rate(kappa) - 1e-12
        assert ot.worst_rate(2 / (1 + kappa), 0.0, lams) == pytest.approx(ot.gd_best_rate(kappa), rel=1e-12)
        E, B = np.meshgrid(np.geomspace(0.1, 10, 120) / kappa, np.linspace(0, 0.99, 100))
        worst = np.maximum(ot.momentum_rate(E, B), ot.momentum_rate(E * kappa, B))
        best = float(worst.min())
        assert ot.heavy_ball_best_rate(kappa) - 1e-9 <= best <= ot.heavy_ball_best_rate(kappa) + 0.03
        # with momentum the interior of the spectrum never does worse than its two ends
        e, bb = np.unravel_index(np.argmin(worst), worst.shape)[::-1], None
        eta, beta = E[0, e[0]], B[e[1], 0]
        inner = ot.momentum_rate(eta * np.linspace(1, kappa, 500), beta)
        assert inner.max() <= best + 1e-12
    assert ot.heavy_ball_best_rate(100.0) == pytest.approx(9 / 11) and ot.gd_best_rate(100.0) == pytest.approx(99 / 101)
    assert ot.steps_to_shrink(0.5, 8.0) == pytest.approx(3.0) and ot.steps_to_shrink(1.0) == np.inf
    assert ot.steps_to_shrink(0.0) == 0.0
    with pytest.raises(ValueError):
        ot.gd_best_rate(0.5)


def test_iterates_are_optims_momentum_and_stop_quietly_when_diverging():
    w, v, path = np.array([1.0]), None, [1.0]
    for _ in range(30):
        w, v = momentum_update(w, 0.7 * w, v, 1.0, 0.6)
        path.append(w[0])
    np.testing.assert_allclose(ot.momentum_iterates(0.7, 0.6, 30), path, rtol=1e-12, atol=1e-15)
    with np.errstate(all="raise"):
        wild = ot.momentum_iterates(3.9, 0.5, 3000)
    assert np.isinf(wild[-1]) and np.all(np.isfinite(wild[:100]))


def test_momentum_phase_widget_state_follows_the_controls():
    from course_utils.widgets import momentum_phase
    w = momentum_phase()
    assert len(w.image.value) > 1000
    for ax in w.figure.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    w.controls["kappa"].value = 100.0
    w.controls["beta"].value = 0.67
    w.controls["eta_lam_max"].value = 3.3
    st = w.state
    assert st.x_min == pytest.approx(0.033) and st.beta == pytest.approx(0.67)
    assert st["min"]["regime"] == st["max"]["regime"] == ot.COMPLEX and st.worst == pytest.approx(np.sqrt(0.67))
    assert st.hb_best == pytest.approx(9 / 11) and len(st["max"]["path"]) == 201
    x, y = w.artists["segment"].get_data()
    np.testing.assert_allclose(x, [0.033, 3.3]) and np.testing.assert_allclose(y, [0.67, 0.67])
    w.controls["eta_lam_max"].value = 4.0                 # beyond 2 (1 + beta): the steep end diverges, quietly
    assert w.state["max"]["regime"] == ot.DIVERGENT and w.state.steps == np.inf
    w.controls["n_steps"].value = 60
    assert len(w.artists["path_min"].get_data()[0]) == 61
