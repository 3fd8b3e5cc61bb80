"""Numerical stability: extreme logits give finite values, the right limits
and no floating-point warning, even under np.errstate(all="raise");
float32 stays float32."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import nnlib
from nnlib import activations, losses
from nnlib.models import MLP

# The validated top-level activations: same dtype rules as the bare maths.
TOP_LEVEL = {"sigmoid": nnlib.sigmoid, "tanh": nnlib.tanh, "relu": nnlib.relu, "leaky_relu": nnlib.leaky_relu,
             "softmax": nnlib.softmax}

LOGITS = np.concatenate([np.linspace(-1e4, 1e4, 2001), [-1e4, -800.0, -745.0, -40.0, 0.0, 40.0, 745.0, 800.0, 1e4]])


@pytest.fixture
def strict():
    """Every floating-point event (overflow, underflow, invalid, divide) raises,
    and so does every Python warning."""
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_of_extreme_logits(strict, dtype):
    z = LOGITS.astype(dtype)
    s = activations.sigmoid(z)
    assert s.dtype == dtype
    assert np.all(np.isfinite(s))
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.diff(s[:2001]) >= 0)  # monotone
    assert s[0] == 0.0 and s[2000] == 1.0
    assert activations.sigmoid(dtype(0.0)) == 0.5
    # The symmetry sigma(-z) = 1 - sigma(z) holds where 1 - sigma is representable.
    mid = np.linspace(-30, 30, 61).astype(dtype)
    tol = 1e-6 if dtype == np.float32 else 1e-15
    np.testing.assert_allclose(activations.sigmoid(-mid), 1 - activations.sigmoid(mid), atol=tol)
    d = activations.sigmoid_prime(z)
    assert np.all(np.isfinite(d)) and np.all(d >= 0) and d.max() == 0.25


def test_sigmoid_is_accurate_in_the_left_tail(strict):
    # sigma(-40) = e^-40 / (1 + e^-40): the naive 1 - sigma(40) would give 0.
    assert activations.sigmoid(-40.0) == pytest.approx(np.exp(-40.0), rel=1e-14)
    assert activations.sigmoid(-700.0) > 0


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_of_extreme_logits(strict, dtype):
    rng = np.random.default_rng(0)
    Z = rng.uniform(-1e4, 1e4, size=(50, 7)).astype(dtype)
    Z[0] = [-1e4, 1e4, 0, 0, 0, 0, 0]
    Z[1] = 1e4
    Z[2] = -1e4
    P = activations.softmax(Z)
    assert P.dtype == dtype
    assert np.all(np.isfinite(P))
    assert np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), 1, rtol=1e-6 if dtype == np.float32 else 1e-12)
    np.testing.assert_array_equal(P[0], [0, 1, 0, 0, 0, 0, 0])
    np.testing.assert_allclose(P[1], np.full(7, 1 / 7), rtol=1e-6)
    np.testing.assert_allclose(P[2], np.full(7, 1 / 7), rtol=1e-6)
    dZ = activations.softmax_backward(np.ones_like(P), P)
    assert np.all(np.isfinite(dZ))


def test_softmax_is_shift_invariant(strict):
    Z = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(activations.softmax(Z + 1000), activations.softmax(Z), rtol=1e-15)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(activations.softmax(Z)[0], e / e.sum(), rtol=1e-15)


def test_bce_with_logits_at_extreme_logits(strict):
    z = np.array([1e4, -1e4, 1e4, -1e4, 0.0])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    # Per example: ~0, ~0, 1e4, 1e4, log 2.
    loss = losses.binary_cross_entropy_with_logits(z, y)
    assert np.isfinite(loss)
    assert loss == pytest.approx((2e4 + np.log(2)) / 5, rel=1e-15)
    g = losses.binary_cross_entropy_with_logits_grad(z, y)
    np.testing.assert_allclose(g, np.array([0.0, 0.0, 1.0, -1.0, -0.5]) / 5, atol=1e-300)
    # The confident and right predictions cost (almost) nothing.
    assert losses.binary_cross_entropy_with_logits(np.array([1e4, -1e4]), np.array([1.0, 0.0])) == 0.0
    # Probabilities of exactly 0 and 1 are clipped, not log(0).
    assert np.isfinite(losses.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0])))


def test_softmax_cross_entropy_at_extreme_logits(strict):
    Z = np.array([[1e4, -1e4, 0.0], [1e4, -1e4, 0.0]])
    y = np.array([0.0, 1.0])
    assert losses.softmax_cross_entropy(Z, y) == pytest.approx(2e4 / 2, rel=1e-15)
    g = losses.softmax_cross_entropy_grad(Z, y)
    np.testing.assert_allclose(g, np.array([[0, 0, 0], [1, -1, 0]]) / 2, atol=1e-300)


def test_mlp_forward_backward_with_huge_inputs(strict):
    net = MLP([2, 3, 1], activation="sigmoid", rng=0)
    X = np.array([[1e4, -1e4], [-1e4, 1e4]])
    loss, grads = net.loss_and_gradients(X, np.array([0.0, 1.0]))
    assert np.isfinite(loss)
    assert all(np.all(np.isfinite(g)) for g in grads.as_list())


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"])
def test_float32_in_float32_out(name):
    act = activations.get_activation(name)
    Z = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    assert act.forward(Z).dtype == np.float32
    assert act.backward(np.ones_like(Z), Z).dtype == np.float32
    if name in TOP_LEVEL:
        assert TOP_LEVEL[name](Z).dtype == np.float32
    if act.elementwise:
        assert act.derivative(Z).dtype == np.float32
    # float64 stays float64 and integers are promoted to float64.
    assert act.forward(Z.astype(np.float64)).dtype == np.float64
    assert act.forward(np.array([[1, 2, 3]])).dtype == np.float64  # integers become float64
    if name in TOP_LEVEL:
        assert TOP_LEVEL[name](np.array([[1, 2, 3]])).dtype == np.float64


def test_float32_mlp_stays_float32():
    net = MLP([3, 4, 2], activation="tanh", loss="softmax_cross_entropy", rng=0, dtype=np.float32)
    X = np.random.default_rng(1).standard_normal((5, 3))
    fp = net.forward(X)
    assert all(a.dtype == np.float32 for a in fp.A)
    _, grads = net.loss_and_gradients(X, np.array([0, 1, 1, 0, 1]))
    assert all(g.dtype == np.float32 for g in grads.as_list())


def test_strict_fixture_really_raises(strict):
    """Guard for the tests above: under ``strict`` a bare underflow is an error."""
    with pytest.raises(FloatingPointError):
        np.exp(np.array([-1e4]))
