"""Cells of the lecture notebook lectures/04_backprop.ipynb (built by tools/build_04_backprop.py)."""
from nb import code, md  # noqa: F401


def lecture_cells():
    return [md("# placeholder")]
