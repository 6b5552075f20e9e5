"""Small, deterministic data sets for the course, and the splitting and scaling every experiment needs.

Everything here is reproducible: a function that draws random numbers takes ``seed`` (an ``int``) or
``rng`` (a :class:`numpy.random.Generator`) and never touches NumPy's global random state. Inputs are
float64 arrays of shape ``(n, d)`` (one example per row); labels are integer arrays of shape ``(n,)``,
in ``{0, 1, ..., K-1}`` by default or in ``{-1, +1}`` with ``signed=True`` (the perceptron's convention).

Synthetic sets: :func:`make_logic` (truth tables), :func:`make_xor`, :func:`make_blobs` (linearly separable
with a guaranteed margin), :func:`make_moons`, :func:`make_circles`, :func:`make_spiral`.
Real data: :func:`load_digits` (the 8x8 handwritten digits, shipped inside the package with a checksum) and
:func:`load_idx`, a reader for the IDX files of MNIST and Fashion-MNIST (plain or gzip-compressed), so that an
instructor who has those files can swap them in.
Utilities: :func:`train_val_test_split`, :func:`standardize`.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = [
    "make_logic",
    "make_xor",
    "make_blobs",
    "make_moons",
    "make_circles",
    "make_spiral",
    "load_digits",
    "load_idx",
    "train_val_test_split",
    "standardize",
]

_TRUTH_TABLES = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "XOR": (0, 1, 1, 0),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XNOR": (1, 0, 0, 1),
}


def _rng(seed=None, rng=None) -> np.random.Generator:
    """The generator to use: ``rng`` when given, else a fresh one seeded with ``seed``."""
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        return rng
    return np.random.default_rng(seed)


def _labels(y01: np.ndarray, signed: bool) -> np.ndarray:
    """Map labels in {0, 1} to int64, and to {-1, +1} when ``signed``."""
    y01 = np.asarray(y01, dtype=np.int64)
    return 2 * y01 - 1 if signed else y01


def _split_counts(n: int, k: int) -> list[int]:
    """Split ``n`` into ``k`` near-equal non-negative counts (the first ones get the remainder)."""
    if n < 0:
        raise ValueError(f"n must be non-negative, got {n}")
    base, extra = divmod(n, k)
    return [base + (i < extra) for i in range(k)]


def _shuffled(X: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    perm = rng.permutation(len(y))
    return X[perm], y[perm]


# ---------------------------------------------------------------------------------------------------------
# Synthetic data
# ---------------------------------------------------------------------------------------------------------
def make_logic(op: str, signed: bool = False):
    """The truth table of a two-input Boolean function.

    The four inputs are the corners of the unit square, in the order ``(0,0), (0,1), (1,0), (1,1)``; the
    target is ``t = op(x1, x2)``. AND and OR are linearly separable; XOR (and XNOR) are not
    (Minsky & Papert 1969), which is why a single perceptron cannot learn them.

    Parameters
    ----------
    op : {"AND", "OR", "XOR", "NAND", "NOR", "XNOR"}
        The Boolean function (case-insensitive).
    signed : bool, default False
        Return targets in ``{-1, +1}`` (``t = 2·op(x1, x2) − 1``) instead of ``{0, 1}``.

    Returns
    -------
    X : ndarray of shape (4, 2), float64
        The inputs, entries in {0, 1}.
    t : ndarray of shape (4,), int64
        The targets, in {0, 1} (or {-1, +1} when ``signed``).

    Examples
    --------
    >>> X, t = make_logic("XOR")
    >>> t.tolist()
    [0, 1, 1, 0]
    """
    key = str(op).upper()
    if key not in _TRUTH_TABLES:
        raise ValueError(f"unknown logic op {op!r}; choose one of {sorted(_TRUTH_TABLES)}")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, _labels(np.array(_TRUTH_TABLES[key]), signed)


def make_xor(n: int = 200, noise: float = 0.15, seed: int = 0, *, signed: bool = False, rng=None):
    """A noisy XOR: Gaussian clouds around the four corners of the unit square.

    Each point is ``x = c + ε`` with ``c`` one of ``(0,0), (0,1), (1,0), (1,1)`` (in turn, so the four corners
    get ``n // 4`` or ``n // 4 + 1`` points) and ``ε ~ N(0, noise² I)``; its label is
    ``t = XOR(c1, c2)`` (1 on the anti-diagonal corners). No straight line separates the classes.

    Parameters
    ----------
    n : int, default 200
        Number of points.
    noise : float, default 0.15
        Standard deviation of the Gaussian noise around each corner.
    seed : int, default 0
        Seed of the random generator (ignored when ``rng`` is given).
    signed : bool, default False
        Labels in ``{-1, +1}`` instead of ``{0, 1}``.
    rng : numpy.random.Generator, optional
        Generator to draw from instead of ``default_rng(seed)``.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
        Labels in {0, 1} (or {-1, +1}); the rows are in random order.
    """
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}")
    g = _rng(seed, rng)
    corners, targets = make_logic("XOR")
    which = np.repeat(np.arange(4), _split_counts(n, 4))
    X = corners[which] + noise * g.standard_normal((n, 2))
    X, y = _shuffled(X, targets[which], g)
    return X, _labels(y, signed)


def make_blobs(n: int = 100, margin: float = 0.5, seed: int = 0, *, d: int = 2, spread: float = 1.0,
               signed: bool = False, return_separator: bool = False, rng=None):
    """Two linearly separable clouds with a guaranteed geometric margin.

    A unit normal vector ``w`` (random direction) and an offset ``b`` define the separating hyperplane
    ``w·x + b = 0``. Each point is placed at signed distance ``s·(margin + |g|)`` from it, with
    ``s = +1`` for class 1 and ``s = −1`` for class 0 and ``g ~ N(0, spread²)``, plus a Gaussian offset of
    standard deviation ``spread`` parallel to the hyperplane. Hence every point satisfies
    ``t_i (w·x_i + b) ≥ margin`` (with ``t_i ∈ {−1, +1}`` and ``‖w‖ = 1``): the data are separable with
    margin ``γ ≥ margin``, the quantity in Novikoff's (1962) bound ``(R/γ)²`` on the perceptron's mistakes.

    Parameters
    ----------
    n : int, default 100
        Number of points (half per class; class 1 gets the odd one).
    margin : float, default 0.5
        Minimum distance of every point from the separating hyperplane (must be > 0).
    seed : int, default 0
        Seed of the random generator (ignored when ``rng`` is given).
    d : int, default 2
        Input dimension.
    spread : float, default 1.0
        Scale of the clouds (standard deviation across and along the hyperplane).
    signed : bool, default False
        Labels in ``{-1, +1}`` instead of ``{0, 1}``.
    return_separator : bool, default False
        Also return the true separator ``(w, b)``.
    rng : numpy.random.Generator, optional
        Generator to draw from instead of ``default_rng(seed)``.

    Returns
    -------
    X : ndarray of shape (n, d), float64
    y : ndarray of shape (n,), int64
        Labels in {0, 1} (or {-1, +1}); rows in random order.
    w : ndarray of shape (d,), float64
        Unit normal of the separating hyperplane (only with ``return_separator``).
    b : float
        Its offset (only with ``return_separator``).
    """
    if not margin > 0:
        raise ValueError(f"margin must be positive, got {margin}")
    if spread < 0:
        raise ValueError(f"spread must be non-negative, got {spread}")
    g = _rng(seed, rng)
    w = g.standard_normal(d)
    w /= np.linalg.norm(w)
    centre = g.uniform(-1.0, 1.0, size=d)
    b = -float(w @ centre)                     # the hyperplane passes through `centre`
    n0, n1 = n // 2, n - n // 2
    s = np.concatenate([-np.ones(n0), np.ones(n1)])
    dist = s * (margin + spread * np.abs(g.standard_normal(n)))
    along = spread * g.standard_normal((n, d))
    along -= np.outer(along @ w, w)            # keep only the component parallel to the hyperplane
    X = centre + np.outer(dist, w) + along
    y = (s > 0).astype(np.int64)
    X, y = _shuffled(X, y, g)
    out = (X, _labels(y, signed))
    return out + (w, b) if return_separator else out


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0, *, signed: bool = False, rng=None):
    """Two interleaving half circles (a classic non-linear toy problem).

    Class 0: ``(cos θ, sin θ)``; class 1: ``(1 − cos θ, 0.5 − sin θ)``, with ``θ`` evenly spaced in
    ``[0, π]``, plus Gaussian noise of standard deviation ``noise`` on both coordinates.

    Parameters
    ----------
    n : int, default 200
        Number of points (half per moon; class 0 gets the odd one).
    noise : float, default 0.1
        Standard deviation of the Gaussian noise.
    seed : int, default 0
        Seed of the random generator (ignored when ``rng`` is given).
    signed : bool, default False
        Labels in ``{-1, +1}`` instead of ``{0, 1}``.
    rng : numpy.random.Generator, optional

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
    """
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}")
    g = _rng(seed, rng)
    n0, n1 = n - n // 2, n // 2
    t0, t1 = np.linspace(0.0, np.pi, n0), np.linspace(0.0, np.pi, n1)
    X = np.concatenate([np.column_stack([np.cos(t0), np.sin(t0)]),
                        np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])])
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])
    X = X + noise * g.standard_normal(X.shape)
    X, y = _shuffled(X, y, g)
    return X, _labels(y, signed)


def make_circles(n: int = 200, noise: float = 0.05, seed: int = 0, *, factor: float = 0.5,
                 signed: bool = False, rng=None):
    """Two concentric circles: class 0 on the unit circle, class 1 on the circle of radius ``factor``.

    Points are evenly spaced in angle, plus Gaussian noise of standard deviation ``noise``. Separable by
    the feature ``x1² + x2²`` but by no straight line.

    Parameters
    ----------
    n : int, default 200
        Number of points (half per circle; the outer one gets the odd one).
    noise : float, default 0.05
        Standard deviation of the Gaussian noise.
    seed : int, default 0
    factor : float, default 0.5
        Radius of the inner circle, in (0, 1).
    signed : bool, default False
        Labels in ``{-1, +1}`` instead of ``{0, 1}``.
    rng : numpy.random.Generator, optional

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
        0 for the outer circle, 1 for the inner one.
    """
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor}")
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}")
    g = _rng(seed, rng)
    n_out, n_in = n - n // 2, n // 2
    a_out = np.linspace(0.0, 2 * np.pi, n_out, endpoint=False)
    a_in = np.linspace(0.0, 2 * np.pi, n_in, endpoint=False)
    X = np.concatenate([np.column_stack([np.cos(a_out), np.sin(a_out)]),
                        factor * np.column_stack([np.cos(a_in), np.sin(a_in)])])
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    X = X + noise * g.standard_normal(X.shape)
    X, y = _shuffled(X, y, g)
    return X, _labels(y, signed)


def make_spiral(n: int = 300, noise: float = 0.2, seed: int = 0, *, classes: int = 3, turns: float = 1.0,
                rng=None):
    """Interleaved spiral arms, one per class: a multi-class problem no linear model can solve.

    Arm ``k`` holds points at radius ``r ∈ [0, 1]`` (evenly spaced) and angle
    ``θ = 2π·turns·r + 2πk/K + noise·ε`` with ``ε ~ N(0, 1)``, i.e. ``x = r·(sin θ, cos θ)``.

    Parameters
    ----------
    n : int, default 300
        Total number of points (split as evenly as possible over the classes).
    noise : float, default 0.2
        Standard deviation of the angular noise, in radians.
    seed : int, default 0
    classes : int, default 3
        Number of arms ``K`` (= number of classes), at least 2.
    turns : float, default 1.0
        How many full turns each arm makes.
    rng : numpy.random.Generator, optional

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
        Labels in {0, ..., classes − 1}.
    """
    if classes < 2:
        raise ValueError(f"need at least 2 classes, got {classes}")
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}")
    g = _rng(seed, rng)
    Xs, ys = [], []
    for k, m in enumerate(_split_counts(n, classes)):
        r = np.linspace(0.0, 1.0, m)
        theta = 2 * np.pi * turns * r + 2 * np.pi * k / classes + noise * g.standard_normal(m)
        Xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        ys.append(np.full(m, k, dtype=np.int64))
    return _shuffled(np.concatenate(Xs), np.concatenate(ys), g)


# ---------------------------------------------------------------------------------------------------------
# The digits
# ---------------------------------------------------------------------------------------------------------
DIGITS_FILE = "digits.npz"


@lru_cache(maxsize=1)
def _digits_raw() -> tuple[np.ndarray, np.ndarray]:
    base = resources.files("course_utils") / "datasets"
    data = (base / DIGITS_FILE).read_bytes()
    expected = (base / (DIGITS_FILE + ".sha256")).read_text().split()[0]
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise OSError(f"course_utils/datasets/{DIGITS_FILE} is corrupted: SHA-256 {actual} != {expected}; "
                      "reinstall the package (or run tools/make_digits_npz.py)")
    import io
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        images, labels = z["images"], z["labels"]
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def load_digits():
    """The 8x8 handwritten digits (1797 images), shipped with the package: no download.

    Each image is 8x8 pixels with integer intensities 0-16 (the number of set pixels in a 4x4 block of the
    original 32x32 bitmap). They are returned flattened row by row and scaled to [0, 1]:
    ``X[i, 8·r + c] = pixel(r, c) / 16``. The file's SHA-256 checksum is verified on first load.

    Data: the test set of UCI's "Optical Recognition of Handwritten Digits" (Alpaydin & Kaynak 1998),
    13 writers, CC BY 4.0; see
    ``course_utils/datasets/README.md``.

    Returns
    -------
    X : ndarray of shape (1797, 64), float64
        Pixel intensities in [0, 1]; ``X[i].reshape(8, 8)`` is the image. A fresh array on every call.
    y : ndarray of shape (1797,), int64
        The digit shown, 0-9.
    """
    images, labels = _digits_raw()
    return images / 16.0, labels.astype(np.int64)


# ---------------------------------------------------------------------------------------------------------
# IDX files (MNIST, Fashion-MNIST)
# ---------------------------------------------------------------------------------------------------------
#: IDX type code -> (big-endian NumPy dtype, name), from LeCun's description of the format
_IDX_TYPES = {
    0x08: (">u1", "unsigned byte"),
    0x09: (">i1", "signed byte"),
    0x0B: (">i2", "short (2 bytes)"),
    0x0C: (">i4", "int (4 bytes)"),
    0x0D: (">f4", "float (4 bytes)"),
    0x0E: (">f8", "double (8 bytes)"),
}
_GZIP_MAGIC = b"\x1f\x8b"


def load_idx(path):
    """Read an IDX file (the format of MNIST and Fashion-MNIST), plain or gzip-compressed, into an array.

    An IDX file is a 4-byte magic number ``0x00 0x00 T D`` (``T`` the type code of the entries, ``D`` the
    number of dimensions), then ``D`` sizes as big-endian unsigned 32-bit integers, then the entries in C
    (row-major) order, big-endian. Type codes: ``0x08`` unsigned byte, ``0x09`` signed byte, ``0x0B`` 2-byte
    integer, ``0x0C`` 4-byte integer, ``0x0D`` 4-byte float, ``0x0E`` 8-byte float. A file that starts with the
    gzip signature is decompressed first (whatever its name), so ``train-images-idx3-ubyte.gz`` can be read
    as downloaded.

    To train the course's networks on MNIST instead of the 8x8 digits::

        X = load_idx("train-images-idx3-ubyte.gz")          # (60000, 28, 28) uint8
        y = load_idx("train-labels-idx1-ubyte.gz")          # (60000,) uint8
        X = X.reshape(len(X), -1) / 255.0                   # rows of 784 intensities in [0, 1]
        y = y.astype(np.int64)

    Parameters
    ----------
    path : str or os.PathLike
        The file to read.

    Returns
    -------
    ndarray of shape ``(s_1, ..., s_D)``
        The entries in native byte order: ``uint8``, ``int8``, ``int16``, ``int32``, ``float32`` or
        ``float64`` according to the type code. A fresh, writable array.

    Raises
    ------
    ValueError
        When the file is not a well-formed IDX file: too short for its header, a magic number that does not
        start with two zero bytes, an unknown type code, no dimensions, fewer or more bytes of data than the
        sizes announce, or a gzip stream that is damaged. The message says which.
    OSError
        When the file cannot be opened.
    """
    import gzip
    import os
    import zlib

    name = os.fspath(path)
    with open(name, "rb") as fh:
        raw = fh.read()
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"load_idx: {name} starts like a gzip file but cannot be decompressed ({exc}); "
                             "is the download incomplete?") from None
    if len(raw) < 4:
        raise ValueError(f"load_idx: {name} has {len(raw)} bytes, fewer than the 4 of an IDX magic number; "
                         "it is not an IDX file")
    if raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"load_idx: {name} is not an IDX file: its magic number starts with bytes "
                         f"0x{raw[0]:02x} 0x{raw[1]:02x}, not 0x00 0x00")
    code, ndim = raw[2], raw[3]
    if code not in _IDX_TYPES:
        known = ", ".join(f"0x{c:02X} ({n})" for c, (_, n) in _IDX_TYPES.items())
        raise ValueError(f"load_idx: {name} has the unknown IDX type code 0x{code:02X}; known codes: {known}")
    if ndim == 0:
        raise ValueError(f"load_idx: {name} declares 0 dimensions; an IDX file holds at least a vector")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"load_idx: {name} is truncated: its header announces {ndim} dimensions "
                         f"({header} header bytes) but the file has only {len(raw)} bytes")
    shape = tuple(int(s) for s in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype, type_name = _IDX_TYPES[code]
    itemsize = np.dtype(dtype).itemsize
    expected = itemsize * int(np.prod(shape, dtype=np.int64))
    got = len(raw) - header
    if got != expected:
        what = "truncated" if got < expected else "longer than its header says"
        raise ValueError(f"load_idx: {name} is {what}: shape {shape} of {type_name} entries needs "
                         f"{expected} bytes of data after the {header}-byte header, the file has {got}")
    data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    return data.astype(np.dtype(dtype).newbyteorder("="), copy=True)


# ---------------------------------------------------------------------------------------------------------
# Splitting and scaling
# ---------------------------------------------------------------------------------------------------------
def train_val_test_split(X, y, val: float = 0.15, test: float = 0.15, seed: int = 0, *, stratify: bool = True,
                         rng=None):
    """Split a data set into training, validation and test parts (stratified by label by default).

    With ``stratify=True`` each class ``c`` with ``n_c`` examples contributes ``round(test·n_c)`` examples to
    the test part and ``round(val·n_c)`` to the validation part (after a random shuffle), so the class
    proportions are the same in all three parts; the rest goes to training. With ``stratify=False`` the
    same rounding applies to the whole set. Each part is returned in random order.

    Parameters
    ----------
    X : array_like of shape (n, ...)
    y : array_like of shape (n,)
        Labels (any values that can be compared; integers in the course).
    val, test : float, default 0.15
        Fractions for validation and test, each in [0, 1) with ``val + test < 1``. ``val=0`` gives empty
        validation arrays.
    seed : int, default 0
        Seed of the random generator (ignored when ``rng`` is given).
    stratify : bool, default True
        Keep the class proportions in every part.
    rng : numpy.random.Generator, optional

    Returns
    -------
    X_train, X_val, X_test : ndarrays of shape (n_train, ...), (n_val, ...), (n_test, ...)
    y_train, y_val, y_test : ndarrays of shape (n_train,), (n_val,), (n_test,)
        In this order (scikit-learn's: all inputs, then all labels). Copies, never views of ``X``.

    Examples
    --------
    >>> X, y = load_digits()
    >>> Xtr, Xva, Xte, ytr, yva, yte = train_val_test_split(X, y, seed=0)
    >>> len(ytr), len(yva), len(yte)
    (1259, 269, 269)
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y have different lengths: {len(X)} and {len(y)}")
    if not (0 <= val < 1 and 0 <= test < 1 and val + test < 1):
        raise ValueError(f"need 0 <= val, test and val + test < 1, got val={val}, test={test}")
    g = _rng(seed, rng)
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    parts = ([], [], [])                       # train, val, test indices
    for idx in groups:
        idx = g.permutation(idx)
        n_te = int(round(test * len(idx)))
        n_va = int(round(val * len(idx)))
        parts[2].append(idx[:n_te])
        parts[1].append(idx[n_te:n_te + n_va])
        parts[0].append(idx[n_te + n_va:])
    tr, va, te = (g.permutation(np.concatenate(p)) for p in parts)
    return X[tr], X[va], X[te], y[tr], y[va], y[te]


def standardize(X_train, *others, eps: float = 1e-12, return_stats: bool = False):
    """Scale features to zero mean and unit variance using statistics of the training split only.

    ``x' = (x − μ) / σ`` with ``μ`` and ``σ`` the column means and (population) standard deviations of
    ``X_train``. Using the training statistics for the validation and test data too keeps information from
    those splits out of training. Columns that are constant in the training data (``σ ≤ eps``, e.g. the
    always-blank border pixels of the digits) get ``σ = 1``, so they become 0 instead of dividing by zero.

    Parameters
    ----------
    X_train : array_like of shape (n_train, d)
    *others : array_like of shape (n_k, d)
        Further splits (validation, test, ...) to transform with the same statistics.
    eps : float, default 1e-12
        Standard deviations at or below ``eps`` are replaced by 1.
    return_stats : bool, default False
        Also return ``mu`` and ``sigma``.

    Returns
    -------
    X_train_std : ndarray of shape (n_train, d), float64
        Returned alone when no ``others`` are given (and ``return_stats`` is False).
    *others_std : ndarrays of shape (n_k, d)
        Otherwise a tuple ``(X_train_std, *others_std)``.
    mu, sigma : ndarrays of shape (d,)
        Appended to the tuple when ``return_stats``.

    Examples
    --------
    >>> Xtr_s, Xte_s = standardize(Xtr, Xte)
    >>> Xs = standardize(X)
    """
    X_train = np.asarray(X_train, dtype=np.float64)
    if X_train.ndim != 2 or len(X_train) == 0:
        raise ValueError(f"X_train must be a non-empty 2-D array, got shape {X_train.shape}")
    mu = X_train.mean(axis=0)
    sigma = X_train.std(axis=0)
    sigma = np.where(sigma > eps, sigma, 1.0)
    out = [(np.asarray(A, dtype=np.float64) - mu) / sigma for A in (X_train, *others)]
    if return_stats:
        return (*out, mu, sigma)
    return out[0] if not others else tuple(out)
