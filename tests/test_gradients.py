"""Every backward function against centred finite differences (float64).

The referee is ``nnlib.gradcheck.numerical_gradient`` and the verdict is
CS231n's ``rel_error`` below ``TOL = 1e-7``, never loosened.

Why the test points are chosen, not just drawn
----------------------------------------------
A centred difference in float64 is only accurate to an *absolute* error of
about 1e-11 here: the loss itself is rounded to ~1e-16 |f|, the difference
divides that by 2 eps, and the truncation error is eps^2 f''' / 6. With
``EPS = 1e-5`` the two are balanced. An entry whose true value is 1e-6
therefore cannot be checked to a *relative* 1e-7 with any eps: that is a
limit of the referee, not of the gradient. So ``well_conditioned_point``
redraws a test point (deterministically, from the seeded rng) until every
non-zero analytic gradient entry is at least ``FLOOR = 1e-3`` in size and no
ReLU-type input sits within 1e-3 of the kink at 0 (where the function is not
differentiable). Exact zeros (dead ReLU units) are kept: there both sides
are exactly 0. The rejection looks only at the analytic gradient's *size*,
never at its agreement with the referee, and a gradient that is wrong will
still fail at these points: ``test_checker_catches_*`` proves it.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnlib import MLP, activations, get_initialiser, losses, regularisation
from nnlib.gradcheck import check_gradient, numerical_gradient, rel_error
from nnlib.layers import DenseCache, dense_backward, dense_forward

TOL = 1e-7
EPS = 1e-5
FLOOR = 1e-3
KINK = 1e-3
MAX_DRAWS = 200

SEEDS = [0, 1, 2]


def assert_close_gradient(analytic, f, x, eps=EPS):
    """The analytic gradient equals the centred difference of f at x to TOL."""
    numeric = numerical_gradient(f, x, eps)
    assert analytic.shape == numeric.shape == np.shape(x)
    err = rel_error(analytic, numeric)
    assert err < TOL, f"relative error {err:.3e} >= {TOL:g}"
    return err


def min_nonzero(*arrays):
    vals = np.concatenate([np.abs(np.asarray(a, dtype=np.float64)).ravel() for a in arrays])
    vals = vals[vals > 0]
    return np.inf if vals.size == 0 else float(vals.min())


def well_conditioned_point(draw, rng):
    """Call ``draw(rng) -> (point, grads, kink_inputs)`` until the point is
    well conditioned (see the module docstring); fail if it never is."""
    for _ in range(MAX_DRAWS):
        point, grads, kink_inputs = draw(rng)
        far_from_kink = all(np.abs(z).min() >= KINK for z in kink_inputs)
        if far_from_kink and min_nonzero(*grads) >= FLOOR:
            return point
    pytest.fail(f"no well-conditioned test point in {MAX_DRAWS} draws: the analytic gradient is "
                f"(almost) always below {FLOOR}, which itself suggests a bug")


# -- dense layer ----------------------------------------------------------------

DENSE_SHAPES = [(1, 1, 1), (4, 3, 2), (5, 2, 6), (7, 6, 6)]  # (n_samples, n_in, n_out)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n_samples,n_in,n_out", DENSE_SHAPES)
def test_dense_backward_matches_finite_differences(n_samples, n_in, n_out, seed):
    rng = np.random.default_rng(seed)

    def draw(rng):
        X = rng.standard_normal((n_samples, n_in))
        W = rng.standard_normal((n_out, n_in))
        b = rng.standard_normal(n_out)
        U = rng.standard_normal((n_samples, n_out))  # upstream dL/dZ of L = sum(U * Z)
        _, cache = dense_forward(X, W, b)
        dX, dW, db = dense_backward(U, cache)
        return (X, W, b, U), (dX, dW, db), []

    X, W, b, U = well_conditioned_point(draw, rng)
    Z, cache = dense_forward(X, W, b)
    assert Z.shape == (n_samples, n_out)
    assert isinstance(cache, DenseCache)
    dX, dW, db = dense_backward(U, cache)
    assert (dX.shape, dW.shape, db.shape) == (X.shape, W.shape, b.shape)

    assert_close_gradient(dX, lambda X_: np.sum(U * dense_forward(X_, W, b)[0]), X)
    assert_close_gradient(dW, lambda W_: np.sum(U * dense_forward(X, W_, b)[0]), W)
    assert_close_gradient(db, lambda b_: np.sum(U * dense_forward(X, W, b_)[0]), b)


# -- activations ----------------------------------------------------------------

ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]
DERIVATIVES = {
    "identity": activations.identity_prime,
    "sigmoid": activations.sigmoid_prime,
    "tanh": activations.tanh_prime,
    "relu": activations.relu_prime,
    "leaky_relu": activations.leaky_relu_prime,
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(6,), (3, 4), (2, 3, 2)])
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_derivative_matches_finite_differences(name, shape, seed):
    act = activations.get_activation(name)
    prime = DERIVATIVES[name]

    def draw(rng):
        z = 3 * rng.standard_normal(shape)
        u = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 1.5, size=shape)
        return (z, u), [u * prime(z)], [z]

    z, u = well_conditioned_point(draw, np.random.default_rng(seed))
    g = prime(z)
    assert g.shape == z.shape
    assert_close_gradient(u * g, lambda z_: np.sum(u * act.forward(z_)), z)
    # The Activation object's backward is the same product.
    np.testing.assert_array_equal(act.backward(u, z), u * g)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(1, 2), (4, 3), (5, 6)])
def test_softmax_backward_matches_finite_differences(shape, seed):
    def draw(rng):
        Z = 2 * rng.standard_normal(shape)
        U = rng.standard_normal(shape)
        return (Z, U), [activations.softmax_backward(U, activations.softmax(Z))], []

    Z, U = well_conditioned_point(draw, np.random.default_rng(seed))
    dZ = activations.softmax_backward(U, activations.softmax(Z))
    assert_close_gradient(dZ, lambda Z_: np.sum(U * activations.softmax(Z_)), Z)
    # Against the explicit Jacobian diag(a) - a a^T, row by row.
    A = activations.softmax(Z)
    explicit = np.stack([(np.diag(a) - np.outer(a, a)) @ u for a, u in zip(A, U)])
    np.testing.assert_allclose(dZ, explicit, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(activations.get_activation("softmax").backward(U, Z), dZ, rtol=1e-12, atol=1e-15)


# -- losses -----------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(1,), (5,), (8, 1)])
def test_bce_with_logits_gradient(shape, seed):
    def draw(rng):
        z = 2 * rng.standard_normal(shape)
        y = rng.integers(0, 2, size=shape).astype(np.float64)
        return (z, y), [losses.binary_cross_entropy_with_logits_grad(z, y)], []

    z, y = well_conditioned_point(draw, np.random.default_rng(seed))
    grad = losses.binary_cross_entropy_with_logits_grad(z, y)
    assert_close_gradient(grad, lambda z_: losses.binary_cross_entropy_with_logits(z_, y), z)
    # The textbook formula: (sigma(z) - y) / n.
    np.testing.assert_allclose(grad, (1 / (1 + np.exp(-z)) - y) / shape[0], rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n_samples,n_classes", [(1, 2), (4, 3), (6, 5)])
@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_cross_entropy_gradient(n_samples, n_classes, one_hot, seed):
    def make_y(rng):
        labels = rng.integers(0, n_classes, size=n_samples)
        return np.eye(n_classes)[labels] if one_hot else labels.astype(np.float64)

    def draw(rng):
        Z = rng.standard_normal((n_samples, n_classes))
        y = make_y(rng)
        return (Z, y), [losses.softmax_cross_entropy_grad(Z, y)], []

    Z, y = well_conditioned_point(draw, np.random.default_rng(seed))
    grad = losses.softmax_cross_entropy_grad(Z, y)
    assert grad.shape == Z.shape
    assert_close_gradient(grad, lambda Z_: losses.softmax_cross_entropy(Z_, y), Z)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(1,), (6,), (4, 3)])
def test_mse_gradient(shape, seed):
    def draw(rng):
        y_hat, y = rng.standard_normal(shape), rng.standard_normal(shape)
        return (y_hat, y), [losses.mean_squared_error_grad(y_hat, y)], []

    y_hat, y = well_conditioned_point(draw, np.random.default_rng(seed))
    grad = losses.mean_squared_error_grad(y_hat, y)
    assert_close_gradient(grad, lambda a: losses.mean_squared_error(a, y), y_hat)


# -- regularisation ---------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_penalty_gradients(seed):
    def draw(rng):
        W = rng.standard_normal((3, 4))
        return W, [regularisation.l2_gradient(W, 0.3)], [W]  # L1 is differentiable away from 0

    W = well_conditioned_point(draw, np.random.default_rng(seed))
    assert_close_gradient(regularisation.l2_gradient(W, 0.3), lambda W_: regularisation.l2_penalty(W_, 0.3), W)
    assert_close_gradient(regularisation.l1_subgradient(W, 0.3), lambda W_: regularisation.l1_penalty(W_, 0.3), W)


# -- the whole MLP ---------------------------------------------------------------

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
LOSSES = ["binary_cross_entropy", "softmax_cross_entropy", "mse"]


def _mlp_point(layer_sizes, activation, loss, n_samples, penalty=None, lam=0.0):
    """A draw function for ``well_conditioned_point``: a network with N(0, 1)
    weights and biases of size ~0.5 (so gradients are not tiny), a batch, and targets."""

    def draw(rng):
        net = MLP(layer_sizes, activation=activation, loss=loss, init=get_initialiser("normal", std=1.0),
                  penalty=penalty, lam=lam, rng=rng)
        for b in net.biases:
            b[...] = 0.5 * rng.standard_normal(b.shape)
        X = rng.standard_normal((n_samples, layer_sizes[0]))
        n_out = layer_sizes[-1]
        if loss == "binary_cross_entropy":
            y = rng.integers(0, 2, n_samples).astype(np.float64)
        elif loss == "softmax_cross_entropy":
            y = rng.integers(0, n_out, n_samples).astype(np.float64)
        else:
            y = rng.standard_normal((n_samples, n_out))
        _, grads = net.loss_and_gradients(X, y)
        kinks = net.forward(X).Z[:-1] if activation in ("relu", "leaky_relu") else []
        if penalty == "l1":
            kinks = list(kinks) + list(net.weights)
        return (net, X, y), grads.as_list(), kinks

    return draw


def _check_mlp(net, X, y):
    loss, grads = net.loss_and_gradients(X, y)
    assert loss == pytest.approx(net.loss(X, y), rel=1e-14)
    params = net.parameters()
    assert [g.shape for g in grads.as_list()] == [p.shape for p in params]
    for P, G in zip(params, grads.as_list()):
        original = P.copy()

        def f(value, P=P):
            P[...] = value
            try:
                return net.loss(X, y)
            finally:
                P[...] = original

        assert_close_gradient(G, f, original)
        np.testing.assert_array_equal(P, original)  # the check left the network untouched
    # delta[0] = dL/dZ[0] is consistent with dW[0] = delta[0]^T X (+ the penalty's gradient).
    W0 = net.weights[0]
    penalty_grad = {None: 0.0, "l2": net.lam * W0, "l1": net.lam * np.sign(W0)}[net.penalty]
    np.testing.assert_allclose(grads.dW[0], grads.delta[0].T @ X + penalty_grad, rtol=1e-12, atol=1e-15)


def _random_sizes(rng, loss):
    n_in = int(rng.integers(1, 5))
    hidden = [int(h) for h in rng.integers(1, 5, size=int(rng.integers(0, 3)))]
    n_out = 1 if loss == "binary_cross_entropy" else int(rng.integers(2, 4))
    return [n_in, *hidden, n_out]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("activation,loss", list(itertools.product(HIDDEN, LOSSES)))
def test_mlp_backward_matches_finite_differences(activation, loss, seed):
    rng = np.random.default_rng(1000 * seed + 7)
    sizes = _random_sizes(rng, loss)
    n_samples = int(rng.integers(1, 7))
    net, X, y = well_conditioned_point(_mlp_point(sizes, activation, loss, n_samples), rng)
    _check_mlp(net, X, y)


@pytest.mark.parametrize("activation,loss", [("tanh", "mse"), ("relu", "binary_cross_entropy")])
def test_mlp_backward_two_hidden_layers_of_different_activations(activation, loss):
    rng = np.random.default_rng(11)
    sizes = [3, 4, 3, 1 if loss == "binary_cross_entropy" else 2]
    net, X, y = well_conditioned_point(_mlp_point(sizes, [activation, "sigmoid"], loss, 5), rng)
    _check_mlp(net, X, y)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
@pytest.mark.parametrize("seed", SEEDS)
def test_mlp_backward_with_penalty(penalty, seed):
    rng = np.random.default_rng(seed)
    net, X, y = well_conditioned_point(_mlp_point([3, 4, 2], "tanh", "softmax_cross_entropy", 5, penalty, 0.1), rng)
    _check_mlp(net, X, y)


def test_mlp_without_hidden_layer_is_logistic_regression_gradient(rng):
    """[n_in, 1] with BCE: dW = (sigma(Xw + b) - y)^T X / n, the chapter 2 formula."""
    X = rng.standard_normal((9, 3))
    y = rng.integers(0, 2, 9).astype(np.float64)
    net = MLP([3, 1], loss="binary_cross_entropy", init=get_initialiser("normal", std=1.0), rng=rng)
    _, grads = net.loss_and_gradients(X, y)
    p = 1 / (1 + np.exp(-(X @ net.weights[0][0] + net.biases[0][0])))
    np.testing.assert_allclose(grads.dW[0][0], X.T @ (p - y) / 9, rtol=1e-12)
    np.testing.assert_allclose(grads.db[0][0], np.mean(p - y), rtol=1e-12)
    _check_mlp(net, X, y)


# -- a checker that cannot fail is worthless ----------------------------------------

def test_checker_catches_missing_transpose(rng):
    X = rng.standard_normal((5, 4))
    W = rng.standard_normal((4, 4))  # square, so the wrong gradient has the right shape
    b = rng.standard_normal(4)
    U = rng.standard_normal((5, 4))
    f = lambda W_: np.sum(U * dense_forward(X, W_, b)[0])  # noqa: E731
    right = U.T @ X
    wrong = X.T @ U  # the transpose: a classic slip
    assert check_gradient(f, right, W, EPS) < TOL
    assert check_gradient(f, wrong, W, EPS) > 1e-2
    assert rel_error(wrong, numerical_gradient(f, W, EPS)) > 1e-2


def test_checker_catches_factor_two_and_missing_activation_derivative(rng):
    z = rng.standard_normal(7)
    y = rng.integers(0, 2, 7).astype(np.float64)
    f = lambda z_: losses.binary_cross_entropy_with_logits(z_, y)  # noqa: E731
    right = losses.binary_cross_entropy_with_logits_grad(z, y)
    assert check_gradient(f, right, z, EPS) < TOL
    assert check_gradient(f, 2 * right, z, EPS) > 0.3  # |2a - a| / (|2a| + |a|) = 1/3
    assert check_gradient(f, right * 1.001, z, EPS) > 1e-4  # even a 0.1 % error is visible

    # A backward pass that forgets g'(Z) in the hidden layer.
    net = MLP([3, 4, 1], activation="tanh", rng=rng, init=get_initialiser("normal", std=1.0))
    X = rng.standard_normal((6, 3))
    yb = rng.integers(0, 2, 6).astype(np.float64)
    cache = net.forward(X)
    grads = net.backward(cache, yb)
    delta_out = grads.delta[1]
    wrong_dW0 = (delta_out @ net.weights[1]).T @ X  # no * tanh'(Z[0])
    W0 = net.weights[0]
    original = W0.copy()

    def f_net(value):
        W0[...] = value
        try:
            return net.loss(X, yb)
        finally:
            W0[...] = original

    assert check_gradient(f_net, grads.dW[0], original, EPS) < TOL
    assert check_gradient(f_net, wrong_dW0, original, EPS) > 1e-3


def test_numerical_gradient_is_centred_and_exact_on_quadratics(rng):
    """f(x) = x^T A x / 2 + c^T x has gradient (A + A^T) x / 2 + c; a centred
    difference is exact on quadratics up to round-off, a one-sided one is not."""
    A = rng.standard_normal((4, 4))
    c = rng.standard_normal(4)
    x = rng.standard_normal(4)
    f = lambda v: 0.5 * v @ A @ v + c @ v  # noqa: E731
    exact = 0.5 * (A + A.T) @ x + c
    assert rel_error(numerical_gradient(f, x, 1e-3), exact) < 1e-9
    x_copy = x.copy()
    numerical_gradient(f, x)
    np.testing.assert_array_equal(x, x_copy)


def test_rel_error_definition():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert rel_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    assert rel_error(np.array([0.0]), np.array([1e-12])) == pytest.approx(1e-4)  # floor of 1e-8
    with pytest.raises(ValueError, match=r"same shape.*\(2,\).*\(2, 1\)"):
        rel_error(np.zeros(2), np.zeros((2, 1)))
