"""dy moves the columns and dx the rows."""
TARGET = "shift"
EXPECT_MISTAKE = "shift.swapped_axes"
import numpy as np


def shift(X, dy, dx):
    """Every 8x8 image of X moved down by dy rows and right by dx columns, with blank (0) pixels entering.

    Parameters
    ----------
    X : array (n, 64)
        Images stored row by row: ``X[i].reshape(8, 8)`` is image i.
    dy, dx : int, with |dy|, |dx| <= 7

    Returns
    -------
    float64 array (n, 64), a new array (X is not modified).
    """
    images = np.asarray(X, dtype=np.float64).reshape(-1, 8, 8)
    out = np.zeros_like(images)
    rows_out, rows_in = slice(max(dx, 0), 8 + min(dx, 0)), slice(max(-dx, 0), 8 + min(-dx, 0))
    cols_out, cols_in = slice(max(dy, 0), 8 + min(dy, 0)), slice(max(-dy, 0), 8 + min(-dy, 0))
    out[:, rows_out, cols_out] = images[:, rows_in, cols_in]
    return out.reshape(len(images), 64)
