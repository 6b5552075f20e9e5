"""The shell every widget shares: an Agg-rendered matplotlib figure shown in an ``ipywidgets.Image``.

Why not ``%matplotlib widget``? It needs an extra front-end extension (ipympl). Instead each widget draws its
figure once on a :class:`matplotlib.figure.Figure` with the Agg canvas (never through ``pyplot``, so nothing
leaks into the notebook's inline output), later only moves the data of existing artists (``set_data``,
``set_offsets``, ``set_array``) and pushes the re-rendered PNG into an ``Image`` widget. This displays the
same in JupyterLab, in ``nbconvert`` (a static snapshot) and headless in tests.

What a frame costs, and how :class:`FigureImage` keeps it small:

* **Static layers are cached.** Axes, ticks, labels, legends and contours are drawn once into a background;
  a frame restores it (well under a millisecond) and draws only the *animated* artists on top (blitting,
  1-4 ms for the widgets here).
* **Only the axes that changed are redrawn.** Drawing a whole figure costs 50-100 ms (mostly text: tick
  labels, legends, titles); one axes about half of that. :meth:`FigureImage.update_axes` changes limits or
  titles only when they differ, and marks just that axes stale; :meth:`FigureImage.render` then repaints that
  axes' cell of the cached background and leaves the others alone.
* **An x axis that follows a slider is an overlay.** :meth:`FigureImage.overlay_xaxis` keeps an axes' x axis
  (with vertical grid lines: also its spines and legend) out of the background and caches it in a layer of
  its own, so new x limits (the steps slider, a loss curve growing during training) redraw a few artists,
  not the axes; :meth:`FigureImage.overlay` does the same for any artist that changes now and then (a title).
* **BLAS runs on one thread while a widget works** (:func:`one_blas_thread`). The widgets' matrices are
  tiny; on a busy machine a second BLAS thread waiting for a core made each product milliseconds slow
  (training a regularization setting took seconds instead of a tenth of a second).
* **Positions are solved once.** After the first draw the layout, titles and axis labels stay where they
  are: matplotlib would otherwise measure every tick label again, several times per draw.
* **PNG encoding is cheap.** :func:`encode_png` writes RGB rows without PNG filters through zlib level 1:
  about half the time of Pillow's encoder for figures of flat colours and lines, at a similar size.
"""
from __future__ import annotations

import asyncio
import base64
import html
import math
import os
import struct
import time
import zlib
from contextlib import contextmanager

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox, IdentityTransform
from threadpoolctl import ThreadpoolController

__all__ = ["FigureImage", "LiveWidget", "WidgetState", "encode_png", "fit_controls", "one_blas_thread",
           "running_loop", "text_px"]

_THREADPOOLS = []


@contextmanager
def one_blas_thread():
    """Limit BLAS (NumPy's matrix products) to one thread inside the ``with`` block, restoring it after.

    Everything a widget multiplies is small (at most a few thousand rows by 100 columns), so a second thread
    gains nothing; on a shared or busy machine it loses a lot, as every product waits for both threads.
    """
    if not _THREADPOOLS:
        _THREADPOOLS.append(ThreadpoolController())
    with _THREADPOOLS[0].limit(limits=1, user_api="blas"):
        yield

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(tag)))


def encode_png(rgba, alpha=False, level=1):
    """Encode an RGBA image (what ``FigureCanvasAgg.buffer_rgba()`` holds) as PNG bytes.

    Every row gets PNG filter 0 (none) and the whole image is deflated at zlib ``level`` (1: fastest). On the
    widgets' figures (large flat areas, thin lines, text) this is about twice as fast as Pillow's encoder at
    ``compress_level=1`` and the files are of a similar size.

    Parameters
    ----------
    rgba : ndarray of uint8, shape (h, w, 4)
    alpha : bool
        Keep the alpha channel (colour type 6); otherwise RGB (colour type 2), right for an opaque figure.
    level : int
        zlib compression level, 0-9.

    Returns
    -------
    bytes
    """
    rgba = np.asarray(rgba)
    h, w, _ = rgba.shape
    ch = 4 if alpha else 3
    raw = np.empty((h, 1 + ch * w), dtype=np.uint8)
    raw[:, 0] = 0                                           # filter type "none" for every row
    pixels = raw[:, 1:].reshape(h, w, ch)                   # a view: splits the contiguous last axis
    pixels[...] = rgba[..., :ch]
    header = struct.pack(">IIBBBBB", w, h, 8, 6 if alpha else 2, 0, 0, 0)
    return b"".join([_PNG_SIGNATURE, _png_chunk(b"IHDR", header),
                     _png_chunk(b"IDAT", zlib.compress(raw.data, level)), _png_chunk(b"IEND", b"")])


def running_loop():
    """The running asyncio event loop (in a Jupyter kernel: the kernel's), or ``None`` outside one."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


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

    Attributes
    ----------
    renders : int
        PNGs pushed so far.
    full_draws, axes_draws : int
        How often the whole static background, or one axes of it, was redrawn (the expensive events).
    timings : dict
        Milliseconds spent in the last :meth:`render`: ``static`` (redrawing cached layers), ``blit``
        (restoring the background and drawing the animated artists), ``encode`` (PNG), and ``mode``
        (``"full"``, ``"axes"``, ``"overlay"`` or ``"blit"``).
    """

    def __init__(self, figsize=(9.0, 4.0), dpi=80):
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        width = int(round(figsize[0] * dpi))
        # never wider than the output area: a narrow notebook scales the picture down instead of clipping it
        self.image = widgets.Image(format="png", layout=widgets.Layout(
            width=f"{width}px", max_width="calc(100% - 4px)", height="auto"))     # (its margins: 2 px each side)
        self.renders = 0
        self.full_draws = 0
        self.axes_draws = 0
        self.timings = {}
        self._animated = []
        self._background = None
        self._stale_axes = []
        self._cells = None
        self._layout_frozen = False
        self._overlay = []              # artists cached over the background, redrawn only when stale
        self._overlay_axes = []         # axes whose x axis is in the overlay
        self._overlaid = None           # the background with the overlay drawn on it

    def animate(self, *artists):
        """Mark artists as dynamic: they are redrawn on every frame over a cached static background."""
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)
        return artists[0] if len(artists) == 1 else artists

    def overlay(self, *artists):
        """Draw artists in an overlay: over the static background, cached with it, redrawn only when stale.

        For artists that change now and then but not every frame (a title that names the architecture): a
        change costs these artists (:meth:`update_axes` marks the overlay stale), a frame costs nothing.
        """
        for artist in artists:
            artist.set_animated(True)   # kept out of the static background
            self._overlay.append(artist)
        self._overlaid = None

    def overlay_xaxis(self, ax):
        """Put ``ax``'s x axis (ticks, tick labels, label, grid lines) in the overlay.

        New x limits of ``ax`` (through :meth:`update_axes`) then only redraw the overlay, not the whole
        axes. With vertical grid lines the spines and the legend join the overlay too (they must stay above
        the grid lines), which costs more per change, a legend of many entries most: an axes whose x limits
        follow a slider is cheapest without them. Use it for an axes whose other static artists do not
        depend on the x limits (nothing but the animated artists is drawn in data coordinates); call it
        after ``grid()`` and ``legend()``.
        """
        above_grid = []
        if any(line.get_visible() for line in ax.xaxis.get_gridlines()):
            above_grid = [*ax.spines.values(), *([ax.get_legend()] if ax.get_legend() is not None else [])]
        self.overlay(ax.xaxis, *above_grid)
        self._overlay_axes.append(ax)

    def invalidate(self, *axes):
        """Forget the cached background of the given axes (all of it when none is given).

        Call after changing limits, ticks, titles or static artists; :meth:`update_axes` does it for you
        when a limit or title really changed.
        """
        if not axes:
            self._background = None
            self._stale_axes = []
        else:
            self._stale_axes.extend(ax for ax in axes if ax not in self._stale_axes)
        self._overlaid = None

    def update_axes(self, ax, **props):
        """Set properties of ``ax`` (``xlim``, ``ylim``, ``title`` or any ``ax.set`` keyword) that differ.

        Only an axes whose properties really changed is redrawn at the next :meth:`render`; setting the
        current values again costs nothing. ``title`` changes the text only (its font size is kept); an
        animated title or one in the overlay redraws no axes, nor do new x limits of an :meth:`overlay_xaxis`
        axes (the overlay is redrawn instead).

        Returns
        -------
        bool
            Whether anything changed.
        """
        changed = {}
        for key, value in props.items():
            if key in ("xlim", "ylim"):
                # explicit limits: no autoscaling (else e.g. an image's set_extent would move them unnoticed)
                getattr(ax, f"set_autoscale{key[0]}_on")(False)
                current = getattr(ax, f"get_{key}")()
                if tuple(float(v) for v in current) != tuple(float(v) for v in value):
                    changed[key] = tuple(value)
            elif key == "title":
                if ax.get_title() != value:
                    ax.title.set_text(value)
                    changed[key] = value
            elif getattr(ax, f"get_{key}")() != value:
                changed[key] = value
        rest = {k: v for k, v in changed.items() if k != "title"}
        if rest:
            ax.set(**rest)
        in_overlay = {"title": ax.title in self._overlay, "xlim": ax in self._overlay_axes}
        if any(not in_overlay.get(k, False) and not (k == "title" and ax.title.get_animated()) for k in changed):
            self.invalidate(ax)
        elif changed:
            self._overlaid = None       # only overlaid artists changed
        return bool(changed)

    # rendering -----------------------------------------------------------------------------------------
    def _full_draw(self):
        self.canvas.draw()
        if not self._layout_frozen:
            self._freeze_layout()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._stale_axes = []
        self._cells = None
        self.full_draws += 1

    def _freeze_layout(self):
        """Keep the positions of the first draw: axes (constrained layout), titles and axis labels.

        Re-solving them costs more than drawing (every tick label is measured again, several times) and
        makes the axes jitter as tick labels change.
        """
        self.figure.set_layout_engine("none")
        renderer = self.canvas.get_renderer()
        for ax in self.figure.axes:
            for axis in (ax.xaxis, ax.yaxis):
                axis.get_tightbbox(renderer)   # places the label (not done by the draw if the axis is overlaid)
                label = axis.label
                x, y = ax.transAxes.inverted().transform(label.get_transform().transform(label.get_position()))
                axis.set_label_coords(x, y)
            if hasattr(ax, "_autotitlepos"):  # matplotlib's flag for "place the title above the tick labels"
                ax._autotitlepos = False
        self._layout_frozen = True

    def _axes_only(self):
        """Whether the figure holds nothing but axes (so that a cell can be repainted on its own)."""
        f = self.figure
        return not (f.texts or f.legends or f.images or f.lines or f.patches or f.artists or f.subfigs) \
            and not any(a.axes is None for a in self._animated)

    def _compute_cells(self):
        """Each axes' cell: its tight box (with tick labels, labels, title, legend) grown half-way to the
        neighbouring boxes and out to the figure's edges, in whole pixels."""
        renderer = self.canvas.get_renderer()
        W, H = self.figure.bbox.width, self.figure.bbox.height
        boxes = {ax: ax.get_tightbbox(renderer) for ax in self.figure.axes if ax.get_visible()}
        cells = {}
        for ax, b in boxes.items():
            x0, y0, x1, y1 = 0.0, 0.0, W, H
            for other, o in boxes.items():
                if other is ax:
                    continue
                overlap_y = o.y0 < b.y1 and b.y0 < o.y1
                overlap_x = o.x0 < b.x1 and b.x0 < o.x1
                if overlap_y and o.x1 <= b.x0:
                    x0 = max(x0, (o.x1 + b.x0) / 2)
                if overlap_y and o.x0 >= b.x1:
                    x1 = min(x1, (o.x0 + b.x1) / 2)
                if overlap_x and o.y1 <= b.y0:
                    y0 = max(y0, (o.y1 + b.y0) / 2)
                if overlap_x and o.y0 >= b.y1:
                    y1 = min(y1, (o.y0 + b.y1) / 2)
            cells[ax] = Bbox([[math.floor(max(x0, 0)), math.floor(max(y0, 0))],
                              [math.ceil(min(x1, W)), math.ceil(min(y1, H))]])
        self._cells = (cells, boxes)

    def _redraw_axes(self):
        """Repaint the cells of the stale axes (and of any axes whose decorations reach into them)."""
        if self._cells is None:
            self._compute_cells()
        cells, boxes = self._cells
        todo = [ax for ax in self._stale_axes if ax in cells]
        i = 0
        while i < len(todo):  # an axes whose box overlaps a cell being repainted must be repainted too
            for other, box in boxes.items():
                if other not in todo and box.overlaps(cells[todo[i]]):
                    todo.append(other)
            i += 1
        renderer = self.canvas.get_renderer()
        self.canvas.restore_region(self._background)
        face = self.figure.get_facecolor()
        for ax in todo:
            c = cells[ax]
            Rectangle((c.x0, c.y0), c.width, c.height, transform=IdentityTransform(), facecolor=face,
                      edgecolor="none", linewidth=0, antialiased=False, figure=self.figure).draw(renderer)
        for ax in sorted(todo, key=lambda a: a.get_zorder()):
            ax.draw(renderer)
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._stale_axes = []
        self.axes_draws += len(todo)

    def render(self):
        """Draw the figure and return PNG bytes.

        The static part (axes, ticks, contours, ...) is drawn only after :meth:`invalidate` (only the stale
        axes when some were named), the overlay (:meth:`overlay_xaxis`) only when it or the background
        changed; otherwise the cached picture is restored and only the animated artists are drawn on top
        (blitting).
        """
        t0 = time.perf_counter()
        canvas = self.canvas
        if self._background is None or (self._stale_axes and (
                not self._axes_only() or len(self._stale_axes) >= len(self.figure.axes))):
            self._full_draw()
            mode = "full"
        elif self._stale_axes:
            self._redraw_axes()
            mode = "axes"
        else:
            mode = "blit"
        if self._overlay and self._overlaid is None:
            canvas.restore_region(self._background)
            for artist in self._overlay:
                artist.axes.draw_artist(artist)
            self._overlaid = canvas.copy_from_bbox(self.figure.bbox)
            mode = "overlay" if mode == "blit" else mode
        t1 = time.perf_counter()
        canvas.restore_region(self._overlaid if self._overlay else self._background)
        for artist in self._animated:
            if artist.get_visible() and artist.axes is not None:
                artist.axes.draw_artist(artist)
            elif artist.get_visible():
                self.figure.draw_artist(artist)
        t2 = time.perf_counter()
        opaque = self.figure.patch.get_facecolor()[3] >= 1.0
        png = encode_png(canvas.buffer_rgba(), alpha=not opaque)
        t3 = time.perf_counter()
        self.timings = {"mode": mode, "static": 1e3 * (t1 - t0), "blit": 1e3 * (t2 - t1), "encode": 1e3 * (t3 - t2)}
        return png

    def push(self):
        """Render and send the PNG to the front end (sets ``image.value``)."""
        self.image.value = self.render()
        self.renders += 1


# control layout --------------------------------------------------------------------------------------------
#: px a row of controls should fit in: JupyterLab's output area is about 845 px wide at 1024 px with the file
#: browser closed and at 1280 px with it open. A row that cannot fit even with short slider tracks wraps.
ROW_WIDTH = 830
TRACK = 150                 # px of a slider's track, shortened (down to TRACK_MIN) to fit a row in ROW_WIDTH
TRACK_MIN = 80
COLUMN_GAP = 16             # px between the columns of a row
# ipywidgets 8's geometry in JupyterLab (its CSS): 13 px font; a description's margin; a slider's track margins
# (handle size / 2 - 2 * border, each side) and readout (margin 4 px, min 69 px, max 146 px wide); a dropdown's
# padding around its text (8 px left, 20 px for the arrow, borders)
_FONT_PX, _LABEL_GAP, _TRACK_MARGINS, _READOUT_GAP, _READOUT_MIN, _READOUT_MAX = 13, 8, 12, 4, 69, 146
_SELECT_PADDING = 40
_CHECKBOX = 30              # a checkbox and the space around it
_SLIDERS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider,
            widgets.IntRangeSlider, widgets.FloatRangeSlider, widgets.SelectionRangeSlider)
_TEXT_TO_PATH = []


def text_px(text):
    """Width in px of ``text`` in a 13 px DejaVu Sans (JupyterLab's widget font on Linux; wider than the usual
    UI fonts of macOS and Windows, so a width that fits it fits them)."""
    if not _TEXT_TO_PATH:
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath
        _TEXT_TO_PATH.extend([TextToPath(), FontProperties(family="DejaVu Sans", size=_FONT_PX)])
    to_path, font = _TEXT_TO_PATH
    return to_path.get_text_width_height_descent(str(text), font, ismath=False)[0] if text else 0.0


def _readout_texts(c):
    """What a slider's readout can show (its ends and value), formatted roughly as the front end does."""
    if isinstance(c, (widgets.SelectionSlider, widgets.SelectionRangeSlider)):
        return [str(label) for label in c._options_labels]
    values = [c.min, c.max, *np.ravel(c.value)]
    if isinstance(c, widgets.FloatLogSlider):
        values = [c.base ** c.min, c.base ** c.max, c.value]
    fmt = c.readout_format
    fmt = "#" + fmt if fmt.endswith("g") and not fmt.startswith("#") else fmt   # d3 keeps trailing zeros
    texts = []
    for v in values:
        try:
            texts.append(format(v, fmt))
        except (ValueError, TypeError):
            texts.append(str(v))
    return texts * (2 if isinstance(c, (widgets.IntRangeSlider, widgets.FloatRangeSlider)) else 1)


def _described(c):
    """Whether ``c`` shows its description as a label of ``style.description_width`` px on its left."""
    return isinstance(c, widgets.widgets.widget_description.DescriptionWidget) \
        and hasattr(c.style, "description_width") \
        and not isinstance(c, (widgets.Checkbox, widgets.ToggleButton, widgets.Button, widgets.Play))


def _label_px(c):
    return math.ceil(text_px(c.description)) + 2 if _described(c) and c.description else 0


def _control_px(c, label, track):
    """The width (px) ``c`` needs to show its description (``label`` px wide), readout or options in full."""
    gap = _LABEL_GAP if label else 0
    if isinstance(c, _SLIDERS):
        if not c.readout:
            return label + gap + _TRACK_MARGINS + track
        readout = min(max(max(text_px(t) for t in _readout_texts(c)) + 6, _READOUT_MIN), _READOUT_MAX)
        return label + gap + _TRACK_MARGINS + track + _READOUT_GAP + math.ceil(readout)
    if isinstance(c, widgets.Dropdown):
        return label + gap + math.ceil(max((text_px(t) for t in c._options_labels), default=0)) + _SELECT_PADDING
    if isinstance(c, widgets.Checkbox):   # (indent: a description-wide space) the box, then the description
        indent = (_px(c.style.description_width) or 0) + _LABEL_GAP if c.indent else 0
        return indent + _CHECKBOX + math.ceil(text_px(c.description))
    return None


def _px(value):
    """A ``"123px"`` layout value as a number (else ``None``)."""
    return float(value[:-2]) if isinstance(value, str) and value.endswith("px") else None


def _item_px(item, track):
    """The width an item of a row takes (px): a column is as wide as its widest member."""
    if isinstance(item, widgets.VBox):
        return max((_item_px(c, track) for c in item.children), default=0)
    if isinstance(item, widgets.Box):
        return sum(_item_px(c, track) + 4 for c in item.children)
    label = _px(item.style.description_width) if _described(item) else 0
    needed = _control_px(item, label or 0, track)
    if needed is None or isinstance(item, widgets.Checkbox) and not item.indent:   # a width the module chose
        needed = max(needed or 0, (_px(item.layout.width) or 0) + 4)
    return needed


def _fit_column(box, track):
    """Size the controls of a column: one description width (the widest), and sliders and dropdowns one width."""
    members = [c for c in box.children if _described(c)]
    label = max((_label_px(c) for c in members), default=0)
    for c in members:
        c.style.description_width = f"{label}px"
    for c in box.children:
        if isinstance(c, widgets.Checkbox) and c.indent:   # its box lines up with the other controls
            c.style.description_width = f"{label}px"
        if isinstance(c, widgets.Box):
            _fit_row(c, track, label)
    width = _item_px(box, track)
    for c in box.children:
        if _control_px(c, label, track) is not None or isinstance(c, widgets.Checkbox) and c.indent:
            c.layout.width = f"{math.ceil(width)}px"
        c.layout.flex = "0 0 auto"
    box.layout.flex = "0 0 auto"


def _fit_row(box, track, label=None):
    """Size a row's controls and let the row wrap (``flex-flow: row wrap``) instead of squeezing them."""
    box.layout.flex_flow = "row wrap"
    for item in box.children:
        if isinstance(item, widgets.VBox):
            _fit_column(item, track)
            if item is not box.children[-1]:
                item.layout.margin = f"0 {COLUMN_GAP}px 0 0"
        elif isinstance(item, widgets.Box):
            _fit_row(item, track)
        else:
            _fit_control(item, track, label)


def _fit_control(item, track, label=None):
    """Size a control on its own: its description's width (or ``label``) and what it needs beside it."""
    if _described(item) and item.description:
        item.style.description_width = f"{label if label is not None else _label_px(item)}px"
    if isinstance(item, widgets.ToggleButtons):   # the description beside the buttons (ipywidgets: above them)
        item.layout.display, item.layout.flex_flow, item.layout.align_items = "flex", "row wrap", "baseline"
        if not item.style.button_width:          # buttons as wide as the longest option, not 146 px each
            item.style.button_width = f"{math.ceil(max(map(text_px, item._options_labels), default=0)) + 32}px"
    needed = _control_px(item, _px(item.style.description_width) or 0, track) if _described(item) else None
    if needed is not None:
        item.layout.width = f"{math.ceil(needed)}px"
    item.layout.flex = "0 0 auto"


def _own_layouts(items, seen=None):
    """Give every control a ``Layout`` of its own: one shared by several controls would get one width for all."""
    seen = set() if seen is None else seen
    for item in items:
        if id(item.layout) in seen:
            old = item.layout
            item.layout = widgets.Layout(**{k: getattr(old, k) for k in old.keys
                                            if not k.startswith("_") and getattr(old, k) is not None})
        seen.add(id(item.layout))
        if isinstance(item, widgets.Box):
            _own_layouts(item.children, seen)


def fit_controls(*rows):
    """Lay out a widget's controls so that every description, readout and dropdown shows in full.

    Each row (an ``HBox``) wraps (``flex-flow: row wrap``) rather than squeeze its items; a column (a ``VBox``
    in a row) gets one description width, its widest member's, and its sliders and dropdowns one width; every
    control is as wide as its description plus its readout (or longest option) plus a slider track of
    :data:`TRACK` px, shortened down to :data:`TRACK_MIN` px when that lets the row fit in :data:`ROW_WIDTH` px.
    Widths are measured (:func:`text_px`), so a new label or option needs no hand-set width. A row that does not
    fit a narrow output wraps its columns and controls onto the next line.
    """
    _own_layouts(rows)
    for row in rows:
        if not isinstance(row, widgets.Box):
            _fit_control(row, TRACK)
            continue
        fit, items = (_fit_column, [row]) if isinstance(row, widgets.VBox) else (_fit_row, row.children)
        for track in range(TRACK, TRACK_MIN - 1, -10):
            fit(row, track)
            if sum(_item_px(i, track) for i in items) + COLUMN_GAP * (len(items) - 1) <= ROW_WIDTH:
                break


#: environment variable that makes every widget display a static picture (``course site`` sets it)
STATIC_ENV = "COURSE_STATIC_WIDGETS"
STATIC_NOTE = ("A picture of the widget in its initial state: in JupyterLab it is live "
               "(open the lecture notebook and run the cells to move its controls).")


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
    timings : dict
        Milliseconds of the last update by phase: ``compute`` (the maths), ``artists`` (moving the artists,
        the status line), then the figure's ``static``, ``blit`` and ``encode`` (see :class:`FigureImage`),
        and the ``total``.
    pending : bool
        Whether work started by a control is still running in the background (see
        ``regularization_explorer``); the figure is updated again when it ends.
    """

    def __init__(self, controls, fig, *, top=(), bottom=(), **kwargs):
        self.controls = dict(controls)
        self.fig = fig
        self.figure = fig.figure
        self.image = fig.image
        self.state = WidgetState()
        self.artists = {}
        self.last_update_seconds = float("nan")
        self.timings = {}
        self.status = widgets.HTML()
        fit_controls(*top, *bottom)
        super().__init__(children=[*top, fig.image, self.status, *bottom], **kwargs)

    @property
    def pending(self):
        return False

    #: ``(label, {control: value})`` states a static page shows below the initial one (see ``_repr_mimebundle_``)
    static_presets = ()

    def _repr_mimebundle_(self, **kwargs):
        """The live widget; with ``COURSE_STATIC_WIDGETS=1`` (set by ``course site``) a static picture instead.

        A static page has no kernel to recompute the figure, so it shows the PNG of the current (initial) state,
        then one per entry of :attr:`static_presets`, with a note that the widget is live in JupyterLab.
        """
        if os.environ.get(STATIC_ENV) != "1":
            return super()._repr_mimebundle_(**kwargs)
        if self.pending and hasattr(self, "finish"):
            self.finish()                       # e.g. a setting still training in the background
        pictures = [("", self.image.value)]
        if self.static_presets:
            saved = {name: c.value for name, c in self.controls.items()}
            for label, values in self.static_presets:
                for name, value in values.items():
                    self.controls[name].value = value
                if self.pending and hasattr(self, "finish"):
                    self.finish()
                pictures.append((label, self.image.value))
            for name, value in saved.items():
                self.controls[name].value = value
        name = type(self).__name__
        figures = "".join(
            f'<figure class="course-widget-static"><img src="data:image/png;base64,'
            f'{base64.b64encode(png).decode()}" alt="{html.escape(name)}: {html.escape(label or "initial state")}">'
            + (f"<figcaption>{html.escape(label)}</figcaption>" if label else "") + "</figure>"
            for label, png in pictures)
        note = STATIC_NOTE.format(name=html.escape(name))
        return {"text/html": f'<div class="course-widget-static">{figures}<p><em>{note}</em></p></div>',
                "text/plain": f"{name}: {STATIC_NOTE.format(name=name)}"}

    def _observe_controls(self, names=None):
        for name, control in self.controls.items():
            if names is None or name in names:
                control.observe(self._on_control, names="value")

    def _on_control(self, change):
        self.update()

    def update(self):
        """Recompute the state from the controls, move the artists and push the new PNG."""
        with one_blas_thread():
            t0 = time.perf_counter()
            self._compute()
            t1 = time.perf_counter()
            self._draw()
            t2 = time.perf_counter()
            self.fig.push()
            t3 = time.perf_counter()
        self.last_update_seconds = t3 - t0
        self.timings = {"compute": 1e3 * (t1 - t0), "artists": 1e3 * (t2 - t1), **self.fig.timings,
                        "total": 1e3 * (t3 - t0)}

    def _compute(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _draw(self):  # pragma: no cover - abstract
        raise NotImplementedError
