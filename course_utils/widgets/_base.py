"""The shell every widget shares: an Agg-rendered matplotlib figure shown in an ``ipywidgets.Image``.

Why not ``%matplotlib widget``? It needs an extra front-end extension (ipympl). Instead each widget draws its
figure once on a :class:`matplotlib.figure.Figure` with the Agg canvas (never through ``pyplot``, so nothing
leaks into the notebook's inline output), later only moves the data of existing artists (``set_data``,
``set_offsets``, ``set_array``) and pushes the re-rendered PNG into an ``Image`` widget. This displays the
same in JupyterLab, in ``nbconvert`` (a static snapshot) and headless in tests.
"""
from __future__ import annotations

import io
import time

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

__all__ = ["FigureImage", "LiveWidget", "WidgetState"]


class WidgetState(dict):
    """A dict whose keys are also attributes (``w.state.path`` or ``w.state["path"]``)."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key, value):
        self[key] = value


class FigureImage:
    """A matplotlib figure rendered to PNG into an ``ipywidgets.Image``.

    Parameters
    ----------
    figsize : tuple of float
        Figure size in inches.
    dpi : int
        Resolution; ``figsize * dpi`` is the image size in pixels.
    """

    def __init__(self, figsize=(9.0, 4.0), dpi=80):
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        width = int(round(figsize[0] * dpi))
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{width}px", height="auto"))
        self.renders = 0
        self.full_draws = 0
        self._animated = []
        self._background = None
        self._layout_frozen = False

    def animate(self, *artists):
        """Mark artists as dynamic: they are redrawn on every frame over a cached static background."""
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)
        return artists[0] if len(artists) == 1 else artists

    def invalidate(self):
        """Forget the cached background (call after changing limits, ticks, titles or static artists)."""
        self._background = None

    def render(self):
        """Draw the figure and return PNG bytes.

        The static part (axes, ticks, contours, ...) is drawn only after :meth:`invalidate`; otherwise the
        cached background is restored and only the animated artists are drawn on top (blitting).
        """
        canvas = self.canvas
        if self._background is None:
            canvas.draw()
            if not self._layout_frozen:
                # keep the constrained-layout positions of the first draw: re-solving the layout every frame
                # costs time and makes the axes jitter as tick labels change
                self.figure.set_layout_engine("none")
                self._layout_frozen = True
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self.full_draws += 1
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.get_visible() and artist.axes is not None:
                artist.axes.draw_artist(artist)
            elif artist.get_visible():
                self.figure.draw_artist(artist)
        rgba = np.asarray(canvas.buffer_rgba())
        buf = io.BytesIO()
        PILImage.fromarray(rgba).save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def push(self):
        """Render and send the PNG to the front end (sets ``image.value``)."""
        self.image.value = self.render()
        self.renders += 1


class LiveWidget(widgets.VBox):
    """Base class of the six widgets: a ``VBox`` that also exposes what it computed and drew.

    Attributes
    ----------
    controls : dict of str -> ipywidgets.Widget
        The controls by name; set ``controls[name].value`` to drive the widget from code.
    state : WidgetState
        Everything the last update computed (paths, losses, weights, ...), for tests and curious students.
    figure : matplotlib.figure.Figure
        The figure whose PNG is shown.
    artists : dict of str -> matplotlib.artist.Artist
        The artists updated in place.
    image : ipywidgets.Image
        The widget showing the figure.
    last_update_seconds : float
        Wall time of the last update (compute + draw + PNG).
    """

    def __init__(self, controls, fig, *, top=(), bottom=(), **kwargs):
        self.controls = dict(controls)
        self.fig = fig
        self.figure = fig.figure
        self.image = fig.image
        self.state = WidgetState()
        self.artists = {}
        self.last_update_seconds = float("nan")
        self.status = widgets.HTML()
        super().__init__(children=[*top, fig.image, self.status, *bottom], **kwargs)

    def _observe_controls(self, names=None):
        for name, control in self.controls.items():
            if names is None or name in names:
                control.observe(self._on_control, names="value")

    def _on_control(self, change):
        self.update()

    def update(self):
        """Recompute the state from the controls, move the artists and push the new PNG."""
        t0 = time.perf_counter()
        self._compute()
        self._draw()
        self.fig.push()
        self.last_update_seconds = time.perf_counter() - t0

    def _compute(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _draw(self):  # pragma: no cover - abstract
        raise NotImplementedError
