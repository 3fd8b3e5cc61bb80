"""Data generators, scalers, splitting and mini-batches."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import data

GENERATORS = {
    "make_blobs": (data.make_blobs, 2),
    "make_moons": (data.make_moons, 2),
    "make_circles": (data.make_circles, 2),
    "make_spirals": (data.make_spirals, 2),
    "make_xor": (data.make_xor, 2),
}


@pytest.mark.parametrize("name", sorted(GENERATORS))
@pytest.mark.parametrize("n_samples", [7, 100])
def test_generators_shapes_labels_and_determinism(name, n_samples):
    make, n_classes = GENERATORS[name]
    X, y = make(n_samples=n_samples, rng=np.random.default_rng(0))
    assert X.shape == (n_samples, 2)
    assert y.shape == (n_samples,)
    assert X.dtype == y.dtype == np.float64
    assert set(np.unique(y)) == set(range(n_classes))
    assert np.all(np.isfinite(X))
    # Balanced classes (up to one example).
    counts = np.bincount(y.astype(int))
    assert counts.max() - counts.min() <= 1 or name == "make_xor"
    X2, y2 = make(n_samples=n_samples, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(n_samples=n_samples, rng=np.random.default_rng(1))
    assert not np.array_equal(X, X3)


def test_generators_never_touch_global_state():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    for make, _ in GENERATORS.values():
        make(rng=0)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_spirals_with_more_classes():
    X, y = data.make_spirals(n_samples=301, n_classes=3, rng=0)
    assert X.shape == (301, 2)
    assert np.bincount(y.astype(int)).tolist() == [101, 100, 100]


def test_blobs_centres_and_spread():
    centers = np.array([[-5.0, 0.0, 1.0], [5.0, 2.0, -1.0]])
    X, y = data.make_blobs(4000, centers=centers, std=0.5, rng=0)
    assert X.shape == (4000, 3)
    for k in range(2):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centers[k], atol=0.05)  # SE = 0.5/sqrt(2000) ~ 0.011
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, rtol=0.05)


def test_xor_labels_follow_the_quadrants():
    X, y = data.make_xor(400, noise=0.1, rng=0)
    np.testing.assert_array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(float))


def test_circles_radii():
    X, y = data.make_circles(200, noise=0.0, factor=0.3, rng=0)
    r = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    with pytest.raises(ValueError, match="factor.*< 1, got 1.5"):
        data.make_circles(factor=1.5)


def test_standard_scaler():
    rng = np.random.default_rng(0)
    X = rng.normal(loc=[3.0, -7.0, 100.0], scale=[0.1, 5.0, 30.0], size=(500, 3))
    scaler = data.StandardScaler()
    Xs = scaler.fit_transform(X)
    np.testing.assert_allclose(Xs.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Xs.std(axis=0), 1, rtol=1e-12)
    np.testing.assert_allclose(scaler.inverse_transform(Xs), X, rtol=1e-12)
    # The test split is transformed with the training statistics, not its own.
    X_new = X[:10] + 1.0
    np.testing.assert_allclose(scaler.transform(X_new), (X_new - X.mean(axis=0)) / X.std(axis=0))
    np.testing.assert_allclose(data.standardise(X), Xs)


def test_standard_scaler_constant_feature():
    X = np.column_stack([np.full(5, 4.0), np.arange(5.0)])
    Xs = data.StandardScaler().fit_transform(X)
    np.testing.assert_array_equal(Xs[:, 0], 0.0)
    assert np.all(np.isfinite(Xs))


def test_min_max_scaler():
    rng = np.random.default_rng(1)
    X = rng.uniform(-50, 20, size=(300, 4))
    scaler = data.MinMaxScaler().fit(X)
    Xs = scaler.transform(X)
    np.testing.assert_allclose(Xs.min(axis=0), 0, atol=1e-15)
    np.testing.assert_allclose(Xs.max(axis=0), 1, rtol=1e-15)
    assert np.all((Xs >= 0) & (Xs <= 1))
    np.testing.assert_allclose(scaler.min_, X.min(axis=0))
    np.testing.assert_allclose(scaler.inverse_transform(Xs), X, rtol=1e-12)
    np.testing.assert_allclose(data.min_max_scale(X), Xs)


def test_scaler_errors():
    with pytest.raises(RuntimeError, match="not fitted"):
        data.StandardScaler().transform(np.zeros((2, 2)))
    scaler = data.StandardScaler().fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="X has 3 features but the scaler was fitted on 2"):
        scaler.transform(np.zeros((3, 3)))


@pytest.mark.parametrize("n_samples,batch_size", [(10, 3), (10, 10), (10, 1), (7, 100), (64, 16)])
@pytest.mark.parametrize("shuffle", [True, False])
def test_iterate_minibatches_covers_every_example_once(n_samples, batch_size, shuffle):
    X = np.arange(2 * n_samples, dtype=float).reshape(n_samples, 2)
    y = np.arange(n_samples, dtype=float)
    batches = list(data.iterate_minibatches(X, y, batch_size, rng=0, shuffle=shuffle))
    assert len(batches) == -(-n_samples // batch_size)
    assert all(len(xb) == min(batch_size, n_samples) for xb, _ in batches[:-1])
    seen = np.concatenate([yb for _, yb in batches])
    assert sorted(seen.tolist()) == y.tolist()
    for xb, yb in batches:  # rows stay paired with their labels
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)
    if not shuffle:
        np.testing.assert_array_equal(seen, y)


def test_iterate_minibatches_shuffles_reproducibly():
    X, y = np.zeros((50, 1)), np.arange(50.0)
    order = lambda seed: np.concatenate([b for _, b in data.iterate_minibatches(X, y, 8, rng=seed)])  # noqa: E731
    np.testing.assert_array_equal(order(3), order(3))
    assert not np.array_equal(order(3), order(4))
    assert not np.array_equal(order(3), y)


def test_train_test_split():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20.0)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_fraction=0.25, rng=0)
    assert (len(X_tr), len(X_te)) == (15, 5)
    assert sorted(np.r_[y_tr, y_te].tolist()) == y.tolist()
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)
    again = data.train_test_split(X, y, test_fraction=0.25, rng=0)
    np.testing.assert_array_equal(again[3], y_te)
    with pytest.raises(ValueError, match=r"test_fraction must be in \(0, 1\), got 1.0"):
        data.train_test_split(X, y, test_fraction=1.0)
