"""The course's nine live widgets (ipywidgets 8 + matplotlib, no extra front-end extension).

Each is one call that returns an ``ipywidgets`` container, so it displays as a cell's value::

    from course_utils.widgets import learning_rate_explorer
    learning_rate_explorer()

and can be driven from code: ``w.controls["lr"].value = 0.35``, then read ``w.state`` (what was computed)
and ``w.artists`` (what was drawn). The maths lives in pure functions (``surfaces``, ``optimizer_race``,
``perceptron_stepper``, ...); the figures are drawn once with Agg and updated in place (see ``_base``).
Without a front end (``nbconvert``, autograding) a widget simply renders its initial state.
"""
from .activation_explorer import activation_explorer
from .bumps import bumps
from .layer_stats import layer_stats
from .lr_explorer import learning_rate_explorer
from .momentum_phase import momentum_phase
from .optimizer_race import optimizer_race
from .perceptron_stepper import perceptron_stepper
from .playground import playground
from .regularization_explorer import regularization_explorer

__all__ = ["learning_rate_explorer", "optimizer_race", "perceptron_stepper", "activation_explorer", "playground",
           "regularization_explorer", "layer_stats", "momentum_phase", "bumps"]
