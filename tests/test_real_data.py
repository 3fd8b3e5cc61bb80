"""The data shipped with nnlib (digits, Challenger O-rings) and the three-way split."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from nnlib import data
from nnlib.data import _data_path


def test_digits_shape_range_and_classes():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    assert np.bincount(y.astype(int)).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    # the first image is a 0: an empty centre column surrounded by ink
    img = X[0].reshape(8, 8)
    assert y[0] == 0 and img[3:6, 3:5].sum() < img[3:6, [1, 2, 5, 6]].sum() / 4


def test_digits_file_is_the_documented_copy():
    digest = hashlib.sha256(_data_path("digits.csv.gz").read_bytes()).hexdigest()
    assert digest == "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
    readme = _data_path("README.md").read_text(encoding="utf-8")
    assert digest in readme and "CC BY 4.0" in readme


def test_challenger_two_views_agree():
    Xo, yo = data.load_challenger("o_ring")
    Xf, yf = data.load_challenger("flight")
    assert Xo.shape == (138, 1) and Xf.shape == (23, 1)
    assert yo.sum() == 9 and yf.sum() == 7
    assert Xf.min() == 53 and Xf.max() == 81
    # per flight, the O-ring rows repeat its temperature 6 times and contain >= 1 distress iff the flight does
    assert np.array_equal(Xo[::6], Xf)
    assert np.array_equal(yo.reshape(23, 6).max(axis=1), yf)
    with pytest.raises(ValueError, match="o_ring"):
        data.load_challenger("flights")


def test_train_val_test_split_partitions_and_stratifies():
    X, y = data.load_digits()
    Xtr, Xva, Xte, ytr, yva, yte = data.train_val_test_split(X, y, 0.2, 0.2, stratify=True, rng=0)
    assert len(ytr) + len(yva) + len(yte) == 1797
    rows = {tuple(r) for r in np.concatenate([Xtr, Xva, Xte])}
    assert len(rows) == len({tuple(r) for r in X})              # nothing lost or duplicated
    for part in (ytr, yva, yte):
        share = np.bincount(part.astype(int), minlength=10) / len(part)
        assert np.all(np.abs(share - 0.1) < 0.01)
    again = data.train_val_test_split(X, y, 0.2, 0.2, stratify=True, rng=0)
    assert np.array_equal(again[0], Xtr)
    a = data.train_val_test_split(X, y, rng=1)
    assert len(a[4]) == 359 and len(a[5]) == 359


def test_train_val_test_split_errors():
    X = np.zeros((10, 2))
    with pytest.raises(ValueError, match="below 1"):
        data.train_val_test_split(X, np.zeros(10), 0.5, 0.5)
    with pytest.raises(ValueError, match="same number"):
        data.train_val_test_split(X, np.zeros(9))
    with pytest.raises(ValueError, match="too small"):
        data.train_val_test_split(X[:3], np.zeros(3), 0.1, 0.1)
