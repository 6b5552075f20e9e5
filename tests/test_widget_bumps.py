"""The bumps() widget headless: its state follows the controls and its frames equal full redraws."""

import numpy as np
import pytest

from course_utils.approximation import TARGETS, bump_network, network_output
from course_utils.widgets import bumps
from course_utils.widgets.bumps import NS
from widget_frames import assert_frame_is_a_full_redraw as _assert_full_redraw




def test_bumps_follows_its_controls_and_every_frame_equals_a_full_redraw(monkeypatch):
    w = bumps()
    assert w.state.target == "wave" and w.state.n_bumps == 8 and w.state.hidden_units == 16
    np.testing.assert_allclose(w.artists["approx"].get_ydata(),
                               network_output(bump_network(TARGETS["wave"], 8), w.state.x))
    for ax in w.figure.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    png0, err8 = bytes(w.image.value), w.state.error
    w.controls["n_bumps"].value = 64
    assert w.state.error < err8 / 4 and bytes(w.image.value) != png0
    assert "128 sigmoid units" in w.status.value
    _assert_full_redraw(w, "n_bumps = 64")
    w.controls["target"].value = "tent"                         # a new function: a new error curve
    np.testing.assert_allclose(w.state.errors, 1.0 / NS, rtol=1e-2)
    assert w.state.error == pytest.approx(1 / 64, rel=1e-2)
    _assert_full_redraw(w, "target = tent")
    w.controls["sharpness"].value = 2.0                         # gentle sigmoids: the bumps blur
    assert w.state.sharpness == 2.0 and w.state.errors[0] != pytest.approx(1.0)
    _assert_full_redraw(w, "sharpness = 2")
    from course_utils.widgets._base import STATIC_ENV              # the static page of ``course site``
    monkeypatch.setenv(STATIC_ENV, "1")
    html = w._repr_mimebundle_()["text/html"]
    assert html.count("<img") == 1 + len(w.static_presets) == 4
    assert (w.state.target, w.state.n_bumps, w.state.sharpness) == ("tent", 64, 2.0)     # controls restored

