"""Rebuild ``course_utils/datasets/digits.npz`` (and its ``.sha256``) from scikit-learn's copy.

The 8x8 digits (UCI "Optical Recognition of Handwritten Digits", Alpaydin & Kaynak, CC BY 4.0) ship with
scikit-learn as ``sklearn/datasets/data/digits.csv.gz``: 1797 rows of 64 pixel counts (0-16) and a label.
We store them as uint8 so the package needs no download and no scikit-learn at run time.

    .venv/bin/python tools/make_digits_npz.py
"""
from __future__ import annotations

import gzip
import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "course_utils" / "datasets" / "digits.npz"


def main() -> None:
    import sklearn

    src = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    with gzip.open(src, "rt") as fh:
        raw = np.loadtxt(fh, delimiter=",", dtype=np.int64)
    assert raw.shape == (1797, 65), raw.shape
    images, labels = raw[:, :64], raw[:, 64]
    assert images.min() >= 0 and images.max() <= 16 and set(np.unique(labels)) == set(range(10))
    # A byte-reproducible archive: fixed member order and timestamps, deflate compression.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in (("images", images.astype(np.uint8)), ("labels", labels.astype(np.uint8))):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1998, 7, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue())
    data = buf.getvalue()
    OUT.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    OUT.with_suffix(".npz.sha256").write_text(f"{digest}  digits.npz\n")
    print(f"wrote {OUT} ({len(data)} bytes), sha256 {digest}")


if __name__ == "__main__":
    main()
