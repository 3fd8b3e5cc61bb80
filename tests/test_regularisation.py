"""L1/L2 penalties, the soft-threshold (proximal) step, and the penalised MLP."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import MLP, regularisation


def test_penalty_values_by_hand():
    W = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert regularisation.l2_penalty(W, 0.5) == pytest.approx(0.25 * 14)
    assert regularisation.l1_penalty(W, 0.5) == pytest.approx(0.5 * 6)
    np.testing.assert_array_equal(regularisation.l2_gradient(W, 0.5), 0.5 * W)
    np.testing.assert_array_equal(regularisation.l1_subgradient(W, 0.5), [[0.5, -0.5], [0.0, 0.5]])


def test_soft_threshold():
    W = np.array([-3.0, -0.5, 0.0, 0.2, 1.0, 4.0])
    np.testing.assert_array_equal(regularisation.soft_threshold(W, 1.0), [-2.0, 0.0, 0.0, 0.0, 0.0, 3.0])
    np.testing.assert_array_equal(regularisation.soft_threshold(W, 0.0), W)


def test_soft_threshold_is_the_proximal_operator():
    """prox(v) = argmin_w 1/2 (w - v)^2 + t |w|, checked by brute force on a grid."""
    grid = np.linspace(-5, 5, 100_001)
    for v in (-2.3, -0.4, 0.0, 0.7, 3.1):
        objective = 0.5 * (grid - v) ** 2 + 0.8 * np.abs(grid)
        assert regularisation.soft_threshold(np.array([v]), 0.8)[0] == pytest.approx(grid[np.argmin(objective)], abs=2e-4)


def test_negative_strength_raises():
    with pytest.raises(ValueError, match="lam must be a finite non-negative number, got -1.0"):
        regularisation.l2_penalty(np.ones(2), -1)
    with pytest.raises(ValueError, match="threshold"):
        regularisation.soft_threshold(np.ones(2), -0.1)


def _noisy_features(rng):
    X = rng.standard_normal((200, 6))
    y = (X[:, 0] - X[:, 1] > 0).astype(float)  # only two features matter
    return X, y


def test_mlp_l1_with_sgd_gives_exact_zeros_l2_does_not():
    X, y = _noisy_features(np.random.default_rng(0))
    l1 = MLP([6, 1], penalty="l1", lam=0.05, rng=0).fit(X, y, lr=0.5, n_epochs=300)
    l2 = MLP([6, 1], penalty="l2", lam=0.05, rng=0).fit(X, y, lr=0.5, n_epochs=300)
    w1, w2 = l1.weights[0][0], l2.weights[0][0]
    assert np.count_nonzero(w1[2:] == 0.0) == 4  # the irrelevant weights are exactly 0
    assert np.all(w1[:2] != 0)
    assert np.count_nonzero(w2 == 0.0) == 0
    assert w1[0] > 0 > w1[1]


def test_l2_penalty_shrinks_weights():
    X, y = _noisy_features(np.random.default_rng(1))
    norms = [np.linalg.norm(MLP([6, 1], penalty="l2", lam=a, rng=0).fit(X, y, lr=0.5, n_epochs=200).weights[0])
             for a in (0.0, 0.01, 0.1)]
    assert norms[0] > norms[1] > norms[2]


def test_penalised_loss_adds_penalty():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((5, 3)), rng.integers(0, 2, 5).astype(float)
    plain = MLP([3, 4, 1], rng=0)
    for penalty, fn in (("l2", regularisation.l2_penalty), ("l1", regularisation.l1_penalty)):
        net = MLP([3, 4, 1], penalty=penalty, lam=0.3, rng=0)
        expected = plain.loss(X, y) + sum(fn(W, 0.3) for W in net.weights)
        assert net.loss(X, y) == pytest.approx(expected, rel=1e-14)
