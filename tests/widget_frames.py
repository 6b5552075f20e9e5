"""What widget tests share: a widget's pushed frame compared with a drawing of its figure from scratch."""
import io

import numpy as np


def pixels(png) -> np.ndarray:
    """RGBA pixels of a PNG (bytes or memoryview)."""
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGBA"))


def assert_frame_is_a_full_redraw(w, what: str) -> None:
    """The pushed frame (blitted, or with only some axes redrawn) equals a from-scratch drawing of the figure."""
    shown = pixels(w.image.value)
    w.fig.invalidate()
    fresh = pixels(w.fig.render())
    assert shown.shape == fresh.shape, f"{what}: the frame's size differs from a full redraw"
    wrong = np.any(shown != fresh, axis=-1)
    assert not wrong.any(), f"{what}: {int(wrong.sum())} pixels differ from a full redraw"
