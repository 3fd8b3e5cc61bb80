"""Optimisers: the update rules by hand, bias correction, convergence on a
quadratic, and bad gradients rejected."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import MLP, SGD, Adam, Momentum, RMSprop
from nnlib.optimisers import get_optimiser, minimise

# f(x) = 1/2 (x - c)^T A (x - c), minimum at c; A is ill-conditioned (10:1).
A = np.array([[10.0, 0.0], [0.0, 1.0]])
C = np.array([1.5, -2.0])


def quad_grad(x):
    return A @ (x - C)


@pytest.mark.parametrize("name,kwargs,n_steps", [
    ("sgd", {"lr": 0.15}, 300),
    ("momentum", {"lr": 0.02, "beta": 0.9}, 500),
    ("rmsprop", {"lr": 0.01}, 2000),
    ("adam", {"lr": 0.05}, 3000),
])
def test_converges_to_minimum_of_quadratic(name, kwargs, n_steps):
    path = minimise(quad_grad, np.zeros(2), optimiser=name, n_steps=n_steps, **kwargs)
    assert path.shape == (n_steps + 1, 2)
    np.testing.assert_array_equal(path[0], np.zeros(2))
    np.testing.assert_allclose(path[-1], C, atol=1e-3)
    f = [0.5 * (x - C) @ A @ (x - C) for x in path]
    assert f[-1] < 1e-6 * f[0]


def test_sgd_diverges_above_two_over_curvature():
    """Gradient descent on curvature 10 is stable only for lr < 2/10 (chapter 10)."""
    path = minimise(quad_grad, np.zeros(2), optimiser="sgd", n_steps=50, lr=0.21)
    assert abs(path[-1, 0] - C[0]) > abs(path[0, 0] - C[0])


def test_sgd_step_by_hand():
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    b = np.array([0.1, -0.1])
    gW = np.array([[0.2, 0.4], [-1.0, 0.0]])
    gb = np.array([1.0, -2.0])
    opt = SGD([W, b], lr=0.5)
    opt.step([gW, gb])
    np.testing.assert_allclose(W, [[0.9, -2.2], [1.0, 3.0]])
    np.testing.assert_allclose(b, [-0.4, 0.9])
    assert opt.t == 1


def test_momentum_two_steps_by_hand():
    x = np.array([1.0])
    opt = Momentum([x], lr=0.1, beta=0.9)
    opt.step([np.array([2.0])])  # v = 2, x = 1 - 0.2
    np.testing.assert_allclose(x, [0.8])
    opt.step([np.array([1.0])])  # v = 0.9 * 2 + 1 = 2.8, x = 0.8 - 0.28
    np.testing.assert_allclose(x, [0.52])


def test_rmsprop_step_by_hand():
    x = np.array([0.0, 0.0])
    opt = RMSprop([x], lr=0.01, rho=0.9, eps=1e-8)
    g = np.array([4.0, -0.001])
    opt.step([g])
    s = 0.1 * g**2
    np.testing.assert_allclose(x, -0.01 * g / (np.sqrt(s) + 1e-8), rtol=1e-12)


@pytest.mark.parametrize("g", [np.array([1e-3, -5.0, 100.0, -1e-4])])
def test_adam_first_step_is_lr_per_coordinate(g):
    """With bias correction m_hat = g and v_hat = g^2 at t = 1, so every
    coordinate moves by lr * g / (|g| + eps) ~ lr * sign(g), whatever |g| is."""
    x = np.zeros(4)
    opt = Adam([x], lr=0.01)
    opt.step([g])
    np.testing.assert_allclose(x, -0.01 * np.sign(g), rtol=1e-4)
    # Without bias correction the first step would be lr * 0.1 g / sqrt(0.001 g^2) ~ 3.16 lr.
    assert np.all(np.abs(x) < 0.0101)


def test_adam_second_step_by_hand():
    x = np.array([0.0])
    opt = Adam([x], lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    g1, g2 = 1.0, 3.0
    opt.step([np.array([g1])])
    opt.step([np.array([g2])])
    m = 0.9 * (0.1 * g1) + 0.1 * g2
    v = 0.999 * (0.001 * g1**2) + 0.001 * g2**2
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    expected = -0.1 * 1.0 - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(x, [expected], rtol=1e-6)


def test_updates_are_in_place_on_model_parameters():
    net = MLP([2, 3, 1], rng=0)
    params = net.parameters()
    ids = [id(p) for p in params]
    before = [p.copy() for p in params]
    opt = SGD(params, lr=0.1)
    opt.step([np.ones_like(p) for p in params])
    assert [id(p) for p in net.parameters()] == ids
    for p, q in zip(net.parameters(), before):
        np.testing.assert_allclose(p, q - 0.1)


@pytest.mark.parametrize("cls", [SGD, Momentum, RMSprop, Adam])
def test_wrong_number_of_gradients_raises(cls):
    opt = cls([np.zeros(2), np.zeros((2, 2))], lr=0.1)
    with pytest.raises(ValueError, match="got 1 gradients for 2 parameter arrays"):
        opt.step([np.zeros(2)])
    with pytest.raises(ValueError, match="got 3 gradients for 2"):
        opt.step([np.zeros(2), np.zeros((2, 2)), np.zeros(1)])


@pytest.mark.parametrize("cls", [SGD, Momentum, RMSprop, Adam])
def test_wrong_gradient_shape_raises(cls):
    opt = cls([np.zeros(2), np.zeros((2, 3))], lr=0.1)
    with pytest.raises(ValueError, match=r"gradient 1 has shape \(3, 2\) but its parameter has shape \(2, 3\)"):
        opt.step([np.zeros(2), np.zeros((3, 2))])
    assert opt.t == 0  # a rejected step changes nothing


def test_bad_params_raise():
    with pytest.raises(ValueError, match="params is empty"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match=r"params\[0\] must be a floating numpy array.*int64"):
        SGD([np.zeros(2, dtype=np.int64)], lr=0.1)
    with pytest.raises(TypeError, match=r"params\[1\].*list"):
        SGD([np.zeros(2), [0.0, 1.0]], lr=0.1)


def test_get_optimiser_builds_each():
    for name, cls in [("sgd", SGD), ("momentum", Momentum), ("rmsprop", RMSprop), ("adam", Adam)]:
        assert type(get_optimiser(name, [np.zeros(1)], lr=0.1)) is cls


@pytest.mark.parametrize("optimiser", ["sgd", "momentum", "rmsprop", "adam"])
def test_mlp_fit_with_each_optimiser_reduces_loss(optimiser):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    net = MLP([2, 8, 1], activation="tanh", rng=1)
    lr = {"sgd": 0.5, "momentum": 0.1, "rmsprop": 0.01, "adam": 0.01}[optimiser]
    net.fit(X, y, optimiser=optimiser, lr=lr, n_epochs=100, batch_size=16, rng=2)
    assert len(net.loss_curve_) == 100
    assert net.loss_curve_[-1] < 0.7 * net.loss_curve_[0]


def test_full_batch_fit_is_gradient_descent():
    """fit(batch_size=None, optimiser='sgd') takes exactly the steps W -= lr dW."""
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((10, 3)), rng.integers(0, 2, 10).astype(float)
    a = MLP([3, 4, 1], activation="tanh", rng=5)
    b = MLP([3, 4, 1], activation="tanh", rng=5)
    a.fit(X, y, lr=0.3, n_epochs=3)
    losses = []
    for _ in range(3):
        loss, grads = b.loss_and_gradients(X, y)
        losses.append(loss)
        for p, g in zip(b.parameters(), grads.as_list()):
            p -= 0.3 * g
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_allclose(p, q, rtol=1e-12)
    np.testing.assert_allclose(a.loss_curve_, losses, rtol=1e-12)


def test_fit_is_reproducible_given_rng():
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((20, 2)), rng.integers(0, 2, 20).astype(float)
    runs = [MLP([2, 3, 1], rng=0).fit(X, y, n_epochs=5, batch_size=4, rng=9).parameters() for _ in range(2)]
    for p, q in zip(*runs):
        np.testing.assert_array_equal(p, q)
