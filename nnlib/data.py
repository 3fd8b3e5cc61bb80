"""Generated 2-D data sets, feature scaling and mini-batches (chapters 1, 2, 7, 9, 10).

Every generator takes ``rng`` and returns ``X`` of shape ``(n_samples, 2)``
and integer-valued labels ``y`` of shape ``(n_samples,)`` (as float64, ready
for the losses). Nothing is downloaded.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_2d, check_bool, check_int, check_positive, check_rng, check_same_length


def _split_counts(n_samples, n_classes):
    counts = np.full(n_classes, n_samples // n_classes)
    counts[: n_samples % n_classes] += 1
    return counts


def make_blobs(n_samples=200, centers=((-1.0, -1.0), (1.0, 1.0)), std=1.0, rng=None):
    """Gaussian clouds, one per centre, with standard deviation ``std``.

    Overlapping blobs (the default) are *not* linearly separable: logistic
    regression has a finite maximum-likelihood solution on them (chapter 2).
    """
    n_samples = check_int(n_samples, "n_samples")
    centers = as_float_array(centers, "centers", ndim=2)
    if centers.shape[0] == 0 or centers.shape[1] == 0:
        raise ValueError(f"centers must hold at least one centre of at least one coordinate, got shape {centers.shape}. "
                         "Pass e.g. centers=[(-1, -1), (1, 1)].")
    std = check_positive(std, "std")
    rng = check_rng(rng)
    counts = _split_counts(n_samples, len(centers))
    X = np.concatenate([c + std * rng.standard_normal((k, centers.shape[1])) for c, k in zip(centers, counts)])
    y = np.repeat(np.arange(len(centers)), counts).astype(np.float64)
    return X, y


def make_moons(n_samples=200, noise=0.1, rng=None):
    """Two interleaving half circles (the classic non-linear benchmark)."""
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = check_rng(rng)
    n0, n1 = _split_counts(n_samples, 2)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.concatenate([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X, y


def make_circles(n_samples=200, noise=0.05, factor=0.5, rng=None):
    """A small circle (label 1) inside a large one (label 0): radii ``factor`` and 1."""
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    noise = check_positive(noise, "noise", allow_zero=True)
    factor = check_positive(factor, "factor")
    if factor >= 1:
        raise ValueError(f"factor is the inner circle's radius relative to the outer one and must be < 1, got {factor}.")
    rng = check_rng(rng)
    n0, n1 = _split_counts(n_samples, 2)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.concatenate([np.column_stack([np.cos(t0), np.sin(t0)]),
                        factor * np.column_stack([np.cos(t1), np.sin(t1)])])
    X = X + noise * rng.standard_normal(X.shape)
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X, y


def make_spirals(n_samples=300, n_classes=2, noise=0.2, rng=None):
    """``n_classes`` interleaved spiral arms (CS231n's toy problem)."""
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = check_rng(rng)
    counts = _split_counts(n_samples, n_classes)
    parts, labels = [], []
    for k, n in enumerate(counts):
        r = np.linspace(0.05, 1, n)
        t = np.linspace(k * 2 * np.pi / n_classes, k * 2 * np.pi / n_classes + 4, n) + noise * rng.standard_normal(n)
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(n, k))
    return np.concatenate(parts), np.concatenate(labels).astype(np.float64)


def make_xor(n_samples=200, noise=0.1, rng=None):
    """The XOR problem: label 1 where exactly one coordinate is positive.

    Points sit near the four corners (+-1, +-1). No straight line separates
    the classes, which is why a network needs a hidden layer (chapter 1).
    """
    n_samples = check_int(n_samples, "n_samples", minimum=4)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = check_rng(rng)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float64)
    idx = np.arange(n_samples) % 4
    X = corners[idx] + noise * rng.standard_normal((n_samples, 2))
    y = ((corners[idx, 0] > 0) != (corners[idx, 1] > 0)).astype(np.float64)
    order = rng.permutation(n_samples)
    return X[order], y[order]


class _Scaler:
    """Shared checks of the two scalers: fitted, and the same number of features."""

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def _check(self, X):
        if not hasattr(self, "scale_"):
            raise RuntimeError(f"This {type(self).__name__} is not fitted yet; call fit(X_train) first.")
        X = check_2d(X)
        if X.shape[1] != self.scale_.shape[0]:
            raise ValueError(f"X has {X.shape[1]} features but the scaler was fitted on {self.scale_.shape[0]}. "
                             "Transform data with the same columns as in fit.")
        return X


def _column_magnitude(X):
    # Each column is divided by its largest |x| before any sum, so features near the
    # float limit (1e308) give finite, correct statistics instead of overflowing.
    c = np.max(np.abs(X), axis=0)
    return np.where(c > 0, c, 1.0)


class StandardScaler(_Scaler):
    """Standardisation: x' = (x - mean) / std per feature (chapter 9).

    Fit on the training set only, then transform both splits with the same
    ``mean_`` and ``scale_``. Constant features get scale 1 instead of a
    division by zero.
    """

    def fit(self, X):
        X = check_2d(X)
        c = _column_magnitude(X)
        U = X / c
        self.mean_ = U.mean(axis=0) * c
        std = U.std(axis=0) * c
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X):
        X = self._check(X)
        c = _column_magnitude(np.vstack([X, self.mean_[None, :], self.scale_[None, :]]))
        return (X / c - self.mean_ / c) / (self.scale_ / c)

    def inverse_transform(self, X):
        return self._check(X) * self.scale_ + self.mean_


class MinMaxScaler(_Scaler):
    """Min-max scaling to [0, 1]: x' = (x - min) / (max - min) per feature.

    This is what the source text calls "normalisation"; standardisation is
    the usual choice for networks (zero-centred inputs, chapter 9). Learns
    ``min_`` and ``scale_`` (= max - min; 1 for a constant feature).
    """

    def fit(self, X):
        X = check_2d(X)
        self.min_ = X.min(axis=0)
        # max - min in units of the column's magnitude c: up to 2, where the span itself
        # (up to 2 * 1.8e308) may not be a float. scale_ is then inf, and transform uses the units.
        self._unit = _column_magnitude(X)
        span_units = X.max(axis=0) / self._unit - self.min_ / self._unit
        self._span_units = np.where(span_units > 0, span_units, 1.0 / self._unit)
        with np.errstate(over="ignore"):
            self.scale_ = self._span_units * self._unit
        return self

    def transform(self, X):
        X = self._check(X)
        return (X / self._unit - self.min_ / self._unit) / self._span_units

    def inverse_transform(self, X):
        return self._check(X) * self.scale_ + self.min_


def standardise(X):
    """Shorthand for ``StandardScaler().fit_transform(X)``."""
    return StandardScaler().fit_transform(X)


def min_max_scale(X):
    """Shorthand for ``MinMaxScaler().fit_transform(X)``."""
    return MinMaxScaler().fit_transform(X)


def train_test_split(X, y, test_fraction=0.25, rng=None):
    """Shuffle and split into ``X_train, X_test, y_train, y_test``."""
    X = check_2d(X)
    y = as_float_array(y, "y", ndim=(1, 2))
    check_same_length(X, y)
    test_fraction = check_positive(test_fraction, "test_fraction")
    if test_fraction >= 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}.")
    n_test = max(1, int(round(test_fraction * X.shape[0])))
    if n_test >= X.shape[0]:
        raise ValueError(f"test_fraction={test_fraction} of {X.shape[0]} examples leaves no training example "
                         f"({n_test} go to the test set). Use more data or a smaller test_fraction.")
    order = check_rng(rng).permutation(X.shape[0])
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def iterate_minibatches(X, y, batch_size, rng=None, shuffle=True):
    """Yield ``(X_batch, y_batch)`` pairs covering the data once (one epoch).

    The last batch is smaller when ``batch_size`` does not divide ``n_samples``.
    """
    X = check_2d(X)
    y = as_float_array(y, "y", ndim=(1, 2))
    check_same_length(X, y)
    batch_size = check_int(batch_size, "batch_size")
    shuffle = check_bool(shuffle, "shuffle")
    yield from _minibatches(X, y, batch_size, check_rng(rng), shuffle)


def _minibatches(X, y, batch_size, rng, shuffle):
    """``iterate_minibatches`` on arrays already validated (``MLP.fit`` checks them once, not per epoch)."""
    if not shuffle and batch_size >= X.shape[0]:
        yield X, y                      # full-batch gradient descent: no copy
        return
    order = rng.permutation(X.shape[0]) if shuffle else np.arange(X.shape[0])
    for start in range(0, X.shape[0], batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def polynomial_features(X, degree=8):
    """All monomials x1^i x2^j with 1 <= i + j <= degree (chapter 9's overfitting model).

    Shapes: ``(n_samples, 2) -> (n_samples, degree (degree + 3) / 2)``, columns
    ordered by total degree, then by the power of x2: x1, x2, x1^2, x1 x2, x2^2, ...
    """
    X = check_2d(X)
    if X.shape[1] != 2:
        raise ValueError(f"polynomial_features expects 2 input columns, got X of shape {X.shape}.")
    degree = check_int(degree, "degree")
    return np.column_stack([X[:, 0] ** (d - j) * X[:, 1] ** j for d in range(1, degree + 1) for j in range(d + 1)])
