"""Dropout, batch norm and layer norm (chapter 13): backward passes against
centred finite differences (float64, rel. error < 1e-7, fixed masks), the
statistics they promise, and their errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nnlib.gradcheck import numerical_gradient, rel_error
from nnlib.layers import (DropoutCache, NormCache, batchnorm_backward, batchnorm_forward, dropout_backward,
                          dropout_forward, layernorm_backward, layernorm_forward)

TOL = 1e-7
EPS = 1e-5


def _point(seed, shape=(6, 4)):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=shape) * rng.uniform(0.5, 3, size=shape[1]) + rng.normal(size=shape[1])
    R = rng.normal(size=shape)         # the loss is sum(out * R), so dL/dout = R
    gamma = rng.uniform(0.5, 2, size=shape[1])
    beta = rng.normal(size=shape[1])
    return X, R, gamma, beta


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dropout_gradient_with_fixed_mask(seed):
    X, R, _, _ = _point(seed)
    mask = np.random.default_rng(seed + 10).random(X.shape) >= 0.3
    _, cache = dropout_forward(X, 0.3, mask=mask)
    dX = dropout_backward(R, cache)
    fd = numerical_gradient(lambda v: np.sum(dropout_forward(v, 0.3, mask=mask)[0] * R), X, EPS)
    assert rel_error(dX, fd) < TOL
    assert np.all(dX[~mask] == 0)


def test_dropout_keeps_the_expectation_by_sampling():
    A = np.full((400, 250), 2.0)                       # 100,000 units
    out, cache = dropout_forward(A, 0.4, rng=0)
    kept = out != 0
    # Each unit is kept with probability 0.6 (binomial sd of the mean ~ 0.0015).
    assert abs(kept.mean() - 0.6) < 0.01
    assert np.allclose(out[kept], 2.0 / 0.6)
    # E[out] = A: the sample mean is within 5 standard errors of 2.
    se = 2.0 / 0.6 * np.sqrt(0.6 * 0.4) / np.sqrt(A.size)
    assert abs(out.mean() - 2.0) < 5 * se
    assert abs(out.mean() - 2.0 * 0.6) > 100 * se         # without the 1/(1-rate) it would be 1.2


def test_dropout_is_identity_at_test_time_and_reproducible():
    A = np.random.default_rng(0).normal(size=(5, 3))
    out, cache = dropout_forward(A, 0.5, rng=1, training=False)
    assert np.array_equal(out, A) and cache.scaled_mask is None
    assert np.array_equal(dropout_backward(np.ones_like(A), cache), np.ones_like(A))
    a1, _ = dropout_forward(A, 0.5, rng=3)
    a2, _ = dropout_forward(A, 0.5, rng=3)
    assert np.array_equal(a1, a2)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_rate_outside_range_is_refused(rate):
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        dropout_forward(np.ones((2, 2)), rate)


def test_dropout_errors():
    with pytest.raises(TypeError, match="rate"):
        dropout_forward(np.ones((2, 2)), "0.5")
    with pytest.raises(ValueError, match="boolean"):
        dropout_forward(np.ones((2, 2)), 0.5, mask=np.ones((2, 3), bool))
    with pytest.raises(TypeError, match="DropoutCache"):
        dropout_backward(np.ones((2, 2)), (None, 0.5))
    _, cache = dropout_forward(np.ones((2, 2)), 0.5, rng=0)
    with pytest.raises(ValueError, match="shape"):
        dropout_backward(np.ones((3, 2)), cache)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_gradients(seed, training):
    X, R, gamma, beta = _point(seed)
    rm, rv = np.random.default_rng(seed).normal(size=4), np.random.default_rng(seed).uniform(0.5, 2, size=4)

    def f(X_=X, g=gamma, b=beta):
        return np.sum(batchnorm_forward(X_, g, b, rm.copy(), rv.copy(), training=training)[0] * R)

    _, cache = batchnorm_forward(X, gamma, beta, rm.copy(), rv.copy(), training=training)
    dX, dgamma, dbeta = batchnorm_backward(R, cache)
    assert rel_error(dX, numerical_gradient(lambda v: f(X_=v), X, EPS)) < TOL
    assert rel_error(dgamma, numerical_gradient(lambda v: f(g=v), gamma, EPS)) < TOL
    assert rel_error(dbeta, numerical_gradient(lambda v: f(b=v), beta, EPS)) < TOL


def test_batchnorm_backward_without_the_statistics_terms_is_wrong():
    """The checker can fail: treating mu and var as constants in training mode."""
    X, R, gamma, beta = _point(0)
    _, cache = batchnorm_forward(X, gamma, beta)
    naive = R * gamma * cache.inv_std
    fd = numerical_gradient(lambda v: np.sum(batchnorm_forward(v, gamma, beta)[0] * R), X, EPS)
    assert rel_error(naive, fd) > 1e-2


def test_batchnorm_normalises_and_tracks_running_statistics():
    rng = np.random.default_rng(0)
    mean, sd = np.array([3.0, -1.0, 0.0]), np.array([2.0, 0.5, 10.0])
    rm, rv = np.zeros(3), np.ones(3)
    for _ in range(300):
        X = mean + sd * rng.standard_normal((64, 3))
        out, _ = batchnorm_forward(X, np.ones(3), np.zeros(3), rm, rv, training=True, momentum=0.1)
        assert np.allclose(out.mean(axis=0), 0, atol=1e-12)
        assert np.allclose(out.var(axis=0), 1 / (1 + 1e-5 / X.var(axis=0)), rtol=1e-12)
    # The running averages forget the start as 0.9^300 and fluctuate by ~sd/sqrt(64*19).
    assert np.allclose(rm, mean, atol=5 * sd / np.sqrt(64 * 19))
    assert np.allclose(rv, sd ** 2, rtol=0.15)
    # Evaluation mode: the running statistics, one example at a time gives the same answer.
    X = mean + sd * rng.standard_normal((5, 3))
    out, _ = batchnorm_forward(X, np.ones(3), np.zeros(3), rm, rv, training=False)
    assert np.allclose(out, (X - rm) / np.sqrt(rv + 1e-5), rtol=1e-12)
    one, _ = batchnorm_forward(X[:1], np.ones(3), np.zeros(3), rm, rv, training=False)
    assert np.allclose(one, out[:1], rtol=1e-12)


def test_batchnorm_running_update_matches_torch_convention():
    X = np.arange(12.0).reshape(4, 3) ** 1.5
    rm, rv = np.zeros(3), np.ones(3)
    batchnorm_forward(X, np.ones(3), np.zeros(3), rm, rv, momentum=0.1)
    # Written out by hand: 0.9 * old + 0.1 * batch, the variance unbiased (n - 1 = 3).
    expected_var = 0.9 + 0.1 * np.array([np.sum((X[:, j] - X[:, j].mean()) ** 2) / 3 for j in range(3)])
    assert np.allclose(rm, 0.1 * X.mean(axis=0), rtol=1e-14)
    assert np.allclose(rv, expected_var, rtol=1e-14)


def test_batchnorm_errors():
    g, b = np.ones(3), np.zeros(3)
    with pytest.raises(ValueError, match="at least 2 examples"):
        batchnorm_forward(np.ones((1, 3)), g, b)
    with pytest.raises(ValueError, match="needs running_mean"):
        batchnorm_forward(np.ones((4, 3)), g, b, training=False)
    with pytest.raises(ValueError, match=r"gamma must have shape \(n_features,\) = \(3,\)"):
        batchnorm_forward(np.ones((4, 3)), np.ones(2), b)
    with pytest.raises(ValueError, match="running_mean must be a float numpy array"):
        batchnorm_forward(np.ones((4, 3)), g, b, [0, 0, 0], np.ones(3))
    with pytest.raises(ValueError, match="both"):
        batchnorm_forward(np.ones((4, 3)), g, b, np.zeros(3), None)
    with pytest.raises(ValueError, match="momentum"):
        batchnorm_forward(np.ones((4, 3)), g, b, momentum=1.5)
    with pytest.raises(TypeError, match="NormCache"):
        batchnorm_backward(np.ones((4, 3)), None)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_layernorm_gradients(seed):
    X, R, gamma, beta = _point(seed, shape=(5, 6))

    def f(X_=X, g=gamma, b=beta):
        return np.sum(layernorm_forward(X_, g, b)[0] * R)

    _, cache = layernorm_forward(X, gamma, beta)
    dX, dgamma, dbeta = layernorm_backward(R, cache)
    assert rel_error(dX, numerical_gradient(lambda v: f(X_=v), X, EPS)) < TOL
    assert rel_error(dgamma, numerical_gradient(lambda v: f(g=v), gamma, EPS)) < TOL
    assert rel_error(dbeta, numerical_gradient(lambda v: f(b=v), beta, EPS)) < TOL


def test_layernorm_is_per_example():
    X, _, _, _ = _point(3, shape=(5, 6))
    out, cache = layernorm_forward(X, np.ones(6), np.zeros(6))
    assert np.allclose(out.mean(axis=1), 0, atol=1e-12)
    assert cache.inv_std.shape == (5, 1)
    one, _ = layernorm_forward(X[2:3], np.ones(6), np.zeros(6))        # a batch of one is fine
    assert np.allclose(one, out[2:3], rtol=1e-13)
    with pytest.raises(ValueError, match="at least 2"):
        layernorm_forward(np.ones((4, 1)), np.ones(1), np.zeros(1))


@given(n=st.integers(2, 12), d=st.integers(1, 6), shift=st.floats(-1e3, 1e3), scale=st.floats(1e-2, 1e2),
       seed=st.integers(0, 2 ** 16))
def test_batchnorm_ignores_a_shift_and_scale_of_each_feature(n, d, shift, scale, seed):
    """BN(a x + c) = BN(x) for a > 0 up to eps: why it makes the initial scale irrelevant."""
    X = np.random.default_rng(seed).normal(size=(n, d))
    assume(X.std(axis=0).min() > 0.1)        # so that eps / var stays below 1e-6 after scaling
    g, b = np.ones(d), np.zeros(d)
    out, _ = batchnorm_forward(X, g, b, eps=1e-12)
    out2, _ = batchnorm_forward(scale * X + shift, g, b, eps=1e-12)
    assert np.allclose(out, out2, atol=1e-6)


@given(n=st.integers(1, 8), d=st.integers(1, 8), rate=st.floats(0, 0.99), seed=st.integers(0, 2 ** 16))
def test_dropout_output_is_zero_or_scaled_input(n, d, rate, seed):
    A = np.random.default_rng(seed).normal(size=(n, d))
    out, cache = dropout_forward(A, rate, rng=seed)
    kept = cache.scaled_mask != 0 if cache.scaled_mask is not None else np.ones_like(A, bool)
    assert np.allclose(out[kept], A[kept] / (1 - rate), rtol=1e-12)
    assert np.all(out[~kept] == 0)
