"""Data sets, splitting and standardization: shapes, labels, guarantees and determinism."""
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

import course_utils
from course_utils import data
from course_utils.data import (load_digits, make_blobs, make_circles, make_logic, make_moons, make_spiral,
                               make_xor, standardize, train_val_test_split)

DATASETS = Path(course_utils.__file__).parent / "datasets"


# ---------------------------------------------------------------------------------------------------------
# Truth tables
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("op,t", [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("XOR", [0, 1, 1, 0]),
                                  ("nand", [1, 1, 1, 0])])
def test_make_logic_truth_tables(op, t):
    X, y = make_logic(op)
    assert X.shape == (4, 2) and X.dtype == np.float64
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, t)
    # the targets really are op(x1, x2)
    fn = {"AND": np.logical_and, "OR": np.logical_or, "XOR": np.logical_xor}.get(op)
    if fn is not None:
        np.testing.assert_array_equal(y, fn(X[:, 0], X[:, 1]).astype(int))


def test_make_logic_signed_and_unknown():
    _, t = make_logic("XOR", signed=True)
    np.testing.assert_array_equal(t, [-1, 1, 1, -1])
    with pytest.raises(ValueError, match="unknown logic op"):
        make_logic("IMPLIES")


# ---------------------------------------------------------------------------------------------------------
# Synthetic sets
# ---------------------------------------------------------------------------------------------------------
MAKERS = [make_xor, make_blobs, make_moons, make_circles, make_spiral]


@pytest.mark.parametrize("maker", MAKERS, ids=lambda f: f.__name__)
def test_shapes_dtypes_and_determinism(maker):
    X, y = maker(n=101, seed=5)
    assert X.shape == (101, 2) and X.dtype == np.float64 and np.all(np.isfinite(X))
    assert y.shape == (101,) and y.dtype == np.int64
    X2, y2 = maker(n=101, seed=5)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = maker(n=101, seed=6)
    assert not np.allclose(X, X3)
    X4, y4 = maker(n=101, rng=np.random.default_rng(5))               # an explicit generator works too
    assert X4.shape == (101, 2) and y4.shape == (101,)


@pytest.mark.parametrize("maker", MAKERS, ids=lambda f: f.__name__)
def test_does_not_touch_global_random_state(maker):
    np.random.seed(0)
    expected = np.random.rand()
    np.random.seed(0)
    maker(seed=1)
    assert np.random.rand() == expected


@pytest.mark.parametrize("maker", [make_xor, make_blobs, make_moons, make_circles], ids=lambda f: f.__name__)
def test_binary_sets_are_balanced_and_signed_option(maker):
    X, y = maker(n=100, seed=0)
    np.testing.assert_array_equal(np.bincount(y), [50, 50])
    Xs, ys = maker(n=100, seed=0, signed=True)
    np.testing.assert_array_equal(Xs, X)
    np.testing.assert_array_equal(ys, 2 * y - 1)


def test_make_xor_labels_follow_the_corners():
    X, y = make_xor(n=400, noise=0.05, seed=0)
    corner = (X > 0.5).astype(int)
    np.testing.assert_array_equal(y, corner[:, 0] ^ corner[:, 1])
    counts = np.bincount(2 * corner[:, 0] + corner[:, 1])
    np.testing.assert_array_equal(counts, [100, 100, 100, 100])


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("margin", [0.05, 0.5, 2.0])
def test_make_blobs_guarantees_the_margin(seed, margin):
    X, t, w, b = make_blobs(n=60, margin=margin, seed=seed, d=3, signed=True, return_separator=True)
    assert X.shape == (60, 3)
    assert np.linalg.norm(w) == pytest.approx(1.0)
    assert np.min(t * (X @ w + b)) >= margin - 1e-12                    # every point on its side, >= margin away
    with pytest.raises(ValueError):
        make_blobs(margin=0.0)


def test_make_circles_radii():
    X, y = make_circles(n=200, noise=0.0, factor=0.3, seed=0)
    r = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_make_moons_without_noise_lies_on_the_half_circles():
    X, y = make_moons(n=100, noise=0.0, seed=0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0)
    assert np.all(X[y == 0, 1] >= -1e-12) and np.all(X[y == 1, 1] <= 0.5 + 1e-12)


def test_make_spiral_classes():
    X, y = make_spiral(n=301, noise=0.1, seed=0, classes=4)
    np.testing.assert_array_equal(np.bincount(y), [76, 75, 75, 75])
    assert np.all(np.linalg.norm(X, axis=1) <= 1.0 + 1e-12)


# ---------------------------------------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------------------------------------
def test_load_digits_contents():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(X * 16), np.arange(17))     # exactly the counts 0..16, over 16
    np.testing.assert_array_equal(np.bincount(y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    # The first image is a zero: a ring of ink with an empty centre.
    img = X[0].reshape(8, 8)
    assert y[0] == 0 and img[3:5, 3:5].max() < 0.1 and img[2:6, 2].min() > 0.4 and img[2:6, 5].min() > 0.4


def test_load_digits_returns_fresh_arrays():
    X, y = load_digits()
    X[:] = -1.0
    y[:] = 99
    X2, y2 = load_digits()
    assert X2.min() == 0.0 and y2.max() == 9


def test_load_digits_agrees_with_scikit_learn():
    sk = pytest.importorskip("sklearn.datasets", reason="scikit-learn not installed: cannot compare digits")
    Xs, ys = sk.load_digits(return_X_y=True)
    X, y = load_digits()
    np.testing.assert_array_equal(X, Xs / 16.0)
    np.testing.assert_array_equal(y, ys)


def test_digits_checksum_file_matches_and_corruption_is_detected(tmp_path, monkeypatch):
    blob = (DATASETS / "digits.npz").read_bytes()
    recorded = (DATASETS / "digits.npz.sha256").read_text().split()[0]
    assert hashlib.sha256(blob).hexdigest() == recorded
    # A corrupted copy is refused with a clear error.
    fake = tmp_path / "course_utils" / "datasets"
    fake.mkdir(parents=True)
    (fake / "digits.npz").write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    (fake / "digits.npz.sha256").write_text(recorded + "  digits.npz\n")

    class FakeFiles:
        def __call__(self, package):
            return tmp_path / "course_utils"

    monkeypatch.setattr(data.resources, "files", FakeFiles())
    data._digits_raw.cache_clear()
    try:
        with pytest.raises(OSError, match="corrupted"):
            load_digits()
    finally:
        monkeypatch.undo()
        data._digits_raw.cache_clear()
    assert load_digits()[0].shape == (1797, 64)


def test_digits_credit_file_sits_next_to_the_data():
    text = (DATASETS / "README.md").read_text()
    assert "Alpaydin" in text and "Kaynak" in text and "CC BY 4.0" in text


# ---------------------------------------------------------------------------------------------------------
# Splitting and standardization
# ---------------------------------------------------------------------------------------------------------
def test_split_partitions_the_data_and_stratifies():
    X, y = load_digits()
    Xtr, Xva, Xte, ytr, yva, yte = train_val_test_split(X, y, val=0.15, test=0.15, seed=0)
    assert len(ytr) + len(yva) + len(yte) == len(y)
    assert (len(ytr), len(yva), len(yte)) == (1259, 269, 269)
    # every example exactly once: match rows back via a unique key (row bytes + label)
    keys = lambda A, b: sorted(a.tobytes() + bytes([c]) for a, c in zip(A, b))   # noqa: E731
    assert keys(np.concatenate([Xtr, Xva, Xte]), np.concatenate([ytr, yva, yte])) == keys(X, y)
    # stratified: each class's share in each split within one example of the overall share
    for part in (ytr, yva, yte):
        expected = np.bincount(y) * len(part) / len(y)
        assert np.all(np.abs(np.bincount(part, minlength=10) - expected) <= 1.5)


def test_split_is_deterministic_and_seeded():
    X, y = make_moons(n=200, seed=0)
    a = train_val_test_split(X, y, seed=3)
    b = train_val_test_split(X, y, seed=3)
    c = train_val_test_split(X, y, seed=4)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])


def test_split_options_and_errors():
    X, y = make_spiral(n=100, seed=0)
    Xtr, Xva, Xte, ytr, yva, yte = train_val_test_split(X, y, val=0.0, test=0.2, stratify=False, seed=0)
    assert (len(ytr), len(yva), len(yte)) == (80, 0, 20) and Xva.shape == (0, 2)
    Xtr[:] = 0                                                            # copies, not views
    assert not np.all(X == 0)
    with pytest.raises(ValueError):
        train_val_test_split(X, y, val=0.5, test=0.5)
    with pytest.raises(ValueError, match="lengths"):
        train_val_test_split(X, y[:-1])


def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    Xtr = rng.normal(3.0, 2.0, size=(50, 3))
    Xte = rng.normal(-5.0, 7.0, size=(20, 3))
    Str, Ste, mu, sigma = standardize(Xtr, Xte, return_stats=True)
    np.testing.assert_allclose(Str.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Str.std(axis=0), 1.0)
    np.testing.assert_allclose(Ste, (Xte - Xtr.mean(axis=0)) / Xtr.std(axis=0))
    np.testing.assert_allclose(mu, Xtr.mean(axis=0))
    assert isinstance(standardize(Xtr), np.ndarray)                      # one split in, one array out
    assert len(standardize(Xtr, Xte, Xte)) == 3


def test_standardize_guards_constant_columns():
    X, _ = load_digits()                                                  # some border pixels are always 0
    assert np.any(X.std(axis=0) == 0)
    Xs = standardize(X)                                                   # must not warn (warnings are errors)
    assert np.all(np.isfinite(Xs))
    np.testing.assert_array_equal(Xs[:, X.std(axis=0) == 0], 0.0)


# ---------------------------------------------------------------------------------------------------------
# IDX files (the tests write their own small files)
# ---------------------------------------------------------------------------------------------------------
IDX_CODES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _idx_bytes(array, code, shape=None):
    """An IDX file's bytes, written by hand from the format's description (big-endian header and data)."""
    shape = array.shape if shape is None else shape
    header = bytes([0, 0, code, len(shape)]) + b"".join(int(s).to_bytes(4, "big") for s in shape)
    return header + np.asarray(array, dtype=IDX_CODES[code]).tobytes()


@pytest.mark.parametrize("code", sorted(IDX_CODES), ids=lambda c: f"0x{c:02X}")
def test_load_idx_reads_every_type_in_native_order(tmp_path, code):
    rng = np.random.default_rng(code)
    kind = np.dtype(IDX_CODES[code])
    if kind.kind == "f":
        values = rng.normal(scale=1e3, size=(3, 4, 5))
    else:
        info = np.iinfo(kind)
        values = rng.integers(info.min, int(info.max) + 1, size=(3, 4, 5))
    expected = values.astype(kind)
    path = tmp_path / "data.idx"
    path.write_bytes(_idx_bytes(expected, code))
    got = data.load_idx(path)
    assert got.shape == (3, 4, 5)
    assert got.dtype == kind.newbyteorder("=") and got.dtype.isnative
    np.testing.assert_array_equal(got, expected)
    got[0, 0, 0] = 0                                                  # a fresh, writable array
    assert data.load_idx(str(path))[0, 0, 0] == expected[0, 0, 0]     # str paths work too


def test_load_idx_mnist_shaped_files_plain_and_gzip(tmp_path):
    """Files shaped like MNIST's (images idx3-ubyte, labels idx1-ubyte), also gzip-compressed as distributed."""
    import gzip
    X, y = load_digits()
    images = np.rint(X[:50] * 16).astype(np.uint8).reshape(50, 8, 8)
    labels = y[:50].astype(np.uint8)
    (tmp_path / "images-idx3-ubyte").write_bytes(_idx_bytes(images, 0x08))
    (tmp_path / "labels-idx1-ubyte.gz").write_bytes(gzip.compress(_idx_bytes(labels, 0x08)))
    (tmp_path / "images.bin").write_bytes(gzip.compress(_idx_bytes(images, 0x08)))   # detected by content
    got_x = data.load_idx(tmp_path / "images-idx3-ubyte")
    got_y = data.load_idx(tmp_path / "labels-idx1-ubyte.gz")
    assert got_x.shape == (50, 8, 8) and got_x.dtype == np.uint8
    np.testing.assert_array_equal(got_x, images)
    np.testing.assert_array_equal(got_y, labels)
    np.testing.assert_array_equal(data.load_idx(tmp_path / "images.bin"), images)
    # the README's recipe: rows of intensities in [0, 1] and int64 labels, as load_digits returns them
    np.testing.assert_allclose(got_x.reshape(50, -1) / 16.0, X[:50])


def test_load_idx_one_dimension_and_empty_axis(tmp_path):
    (tmp_path / "v.idx").write_bytes(_idx_bytes(np.array([1, -2, 3]), 0x0C))
    np.testing.assert_array_equal(data.load_idx(tmp_path / "v.idx"), [1, -2, 3])
    (tmp_path / "e.idx").write_bytes(_idx_bytes(np.zeros((0, 28, 28)), 0x08))
    assert data.load_idx(tmp_path / "e.idx").shape == (0, 28, 28)


@pytest.mark.parametrize("content, message", [
    (b"", "fewer than the 4"),
    (b"\x00\x00", "fewer than the 4"),
    (b"PK\x03\x04" + bytes(20), "not an IDX file"),
    (bytes([0, 1, 8, 1, 0, 0, 0, 1, 7]), "not an IDX file"),
    (bytes([0, 0, 0x0A, 1, 0, 0, 0, 1, 7]), "unknown IDX type code 0x0A"),
    (bytes([0, 0, 8, 0]), "0 dimensions"),
    (bytes([0, 0, 8, 3, 0, 0, 0, 2]), "truncated: its header"),
    (bytes([0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3]), "truncated: shape (5,)"),
    (bytes([0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3]), "longer than its header says"),
    (bytes([0, 0, 0x0C, 1, 0, 0, 0, 2]) + bytes(7), "needs 8 bytes"),
    (b"\x1f\x8b\x08\x00" + bytes(6), "cannot be decompressed"),
])
def test_load_idx_rejects_bad_files_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.idx"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        data.load_idx(path)
    assert "bad.idx" in str(info.value)


def test_load_idx_damaged_gzip_and_missing_file(tmp_path):
    import gzip
    whole = gzip.compress(_idx_bytes(np.arange(100, dtype=np.uint8), 0x08))
    (tmp_path / "cut.gz").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ValueError, match="cannot be decompressed"):
        data.load_idx(tmp_path / "cut.gz")
    with pytest.raises(OSError):
        data.load_idx(tmp_path / "missing.idx")
