"""The design rules of nnlib, each as a test that fails when the rule is broken.

- One formula, one place: MLP trains with the loss object's ``output_delta``
  and with ``regularisation.soft_threshold``; editing either changes training.
- ``train_step`` validates like ``fit`` and returns the loss *before* the update.
- ``fit`` refuses settings it would otherwise ignore.
- The public boundary: clear errors, stable formulas near the float limit,
  ``rng`` as None, an int or a Generator everywhere.
- Hypothesis over the public API: bad input gives ValueError/TypeError, never
  a numpy error, an IndexError or a silent NaN.
"""

from __future__ import annotations

import dataclasses
import re
import warnings

import numpy as np
import pytest

pytest.importorskip("hypothesis", reason="the property tests need Hypothesis (the test extra)")
from hypothesis import given
from hypothesis import strategies as st

import nnlib
from nnlib import MLP, SGD, Adam, LogisticRegression, losses
from nnlib.activations import get_activation
from nnlib.data import (MinMaxScaler, StandardScaler, iterate_minibatches, make_blobs, make_circles, make_moons,
                        make_spirals, make_xor, train_test_split)
from nnlib.gradcheck import check_model_gradients, numerical_gradient, numerical_gradient_array, rel_error
from nnlib.layers import dense_backward, dense_forward
from nnlib.models import mlp as mlp_module


def raises(exc, *fragments):
    pattern = "".join(f"(?=.*{re.escape(f)})" for f in fragments)
    return pytest.raises(exc, match=re.compile(pattern, re.S))


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 3))
    y = (X[:, 0] - X[:, 1] > 0).astype(float)
    return X, y


# -- one formula, one place -------------------------------------------------------------------

@pytest.mark.parametrize("name, k", [("binary_cross_entropy", 1), ("softmax_cross_entropy", 4), ("mse", 2)])
def test_output_delta_is_the_loss_gradient_through_its_activation(name, k, rng):
    loss = losses.get_loss(name)
    Z = rng.standard_normal((7, k))
    if name == "softmax_cross_entropy":
        Y = np.eye(k)[rng.integers(0, k, 7)]
    elif name == "binary_cross_entropy":
        Y = rng.integers(0, 2, (7, 1)).astype(float)
    else:
        Y = rng.standard_normal((7, k))
    A = get_activation(loss.output_activation).forward(Z)
    # Independent referee: finite differences of the loss value through the output activation.
    fd = numerical_gradient(lambda Z_: loss.value(Z_, Y), Z)
    # centred differences are exact to about 1e-10 here; a formula off by 0.1 % fails this
    np.testing.assert_allclose(loss.output_delta(A, Y), fd, rtol=1e-6, atol=1e-9)


def test_editing_the_loss_object_changes_training(data):
    X, y = data
    net = MLP([3, 4, 1], activation="tanh", rng=0)
    _, grads = net.loss_and_gradients(X, y)
    doubled = dataclasses.replace(net.loss_fn, output_delta=lambda A, Y: 2 * (A - Y) / A.shape[0])
    net.loss_fn = doubled
    _, grads2 = net.loss_and_gradients(X, y)
    for g, g2 in zip(grads.as_list(), grads2.as_list()):
        np.testing.assert_allclose(g2, 2 * g, rtol=1e-12)


def test_proximal_l1_step_goes_through_soft_threshold(data, monkeypatch):
    X, y = data
    net = MLP([3, 1], penalty="l1", lam=0.05, rng=0)
    before = [p.copy() for p in net.parameters()]
    smooth_twin = MLP([3, 1], rng=0)                # same weights, no penalty: the smooth part's gradient
    _, smooth = smooth_twin.loss_and_gradients(X, y)
    net.train_step(X, y, SGD(net.parameters(), lr=0.5))
    expected_W = nnlib.regularisation.soft_threshold(before[0] - 0.5 * smooth.dW[0], 0.5 * 0.05)
    np.testing.assert_allclose(net.weights[0], expected_W, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(net.biases[0], before[1] - 0.5 * smooth.db[0], rtol=1e-12)
    calls = []
    monkeypatch.setattr(mlp_module, "soft_threshold", lambda W, t: calls.append(t) or W)
    net.train_step(X, y, SGD(net.parameters(), lr=0.5))
    assert calls == [0.5 * 0.05]


def test_l1_mode_is_chosen_explicitly(data):
    X, y = data
    net = MLP([3, 1], penalty="l1", lam=0.05, rng=0)
    with raises(ValueError, "needs the SGD optimiser", "Adam", "l1_step='subgradient'"):
        net.fit(X, y, optimiser="adam", lr=0.01, n_epochs=1)
    sub = MLP([3, 1], penalty="l1", lam=0.05, l1_step="subgradient", rng=0).fit(X, y, optimiser="adam", lr=0.01,
                                                                                  n_epochs=50)
    assert np.all(sub.weights[0] != 0)  # a subgradient step never lands on exactly 0
    with raises(ValueError, "Unknown l1_step"):
        MLP([3, 1], penalty="l1", l1_step="prox")


# -- train_step and fit -------------------------------------------------------------------------

@pytest.mark.parametrize("penalty", [None, "l2", "l1"])
def test_train_step_returns_the_loss_before_the_update(data, penalty):
    X, y = data
    net = MLP([3, 5, 1], activation="tanh", penalty=penalty, lam=0.1, rng=1)
    # Independent computation of the objective before the step, from the weights themselves.
    W1, b1, W2, b2 = (p.copy() for p in net.parameters())
    p = 1 / (1 + np.exp(-(np.tanh(X @ W1.T + b1) @ W2.T + b2)))[:, 0]
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    expected += {None: 0.0, "l2": 0.05 * (np.sum(W1 ** 2) + np.sum(W2 ** 2)),
                 "l1": 0.1 * (np.sum(np.abs(W1)) + np.sum(np.abs(W2)))}[penalty]
    got = net.train_step(X, y, SGD(net.parameters(), lr=0.5))
    assert got == pytest.approx(expected, rel=1e-12)
    assert net.loss(X, y) != pytest.approx(got, rel=1e-6)  # the weights did move


def test_loss_curve_records_losses_before_each_update(data):
    X, y = data
    net = MLP([3, 4, 1], rng=2).fit(X, y, lr=0.3, n_epochs=5)
    replay = MLP([3, 4, 1], rng=2)
    opt = SGD(replay.parameters(), lr=0.3)
    expected = []
    for _ in range(5):
        expected.append(replay.loss(X, y))
        replay.train_step(X, y, opt)
    np.testing.assert_allclose(net.loss_curve_, expected, rtol=1e-12)


def test_train_step_validates_like_fit(data):
    X, y = data
    a, b = MLP([3, 2, 1], rng=0), MLP([3, 2, 1], rng=0)
    a.train_step(X, y, SGD(a.parameters(), lr=0.1))                    # 1-D y, as fit takes it
    b.train_step(X, y.reshape(-1, 1), SGD(b.parameters(), lr=0.1))
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p, q)
    with raises(ValueError, "same number of examples", "(20, 3)", "(19,)"):
        a.train_step(X, y[:-1], SGD(a.parameters(), lr=0.1))
    with raises(TypeError, "optimiser must be an nnlib Optimiser"):
        a.train_step(X, y, "sgd")


def test_fit_refuses_settings_it_would_ignore(data):
    X, y = data
    net, other = MLP([3, 1], rng=0), MLP([3, 1], rng=1)
    with raises(ValueError, "also ['lr']", "keeps its own settings"):
        net.fit(X, y, optimiser=SGD(net.parameters(), lr=0.1), lr=0.5)
    with raises(ValueError, "also ['beta1']"):
        net.fit(X, y, optimiser=Adam(net.parameters()), beta1=0.5)
    with raises(ValueError, "other arrays than this model's parameters", "model.parameters()"):
        net.fit(X, y, optimiser=SGD(other.parameters(), lr=0.1))


# -- gradient checks ----------------------------------------------------------------------------

def test_check_model_gradients_passes_right_and_fails_wrong(data):
    X, y = data
    net = MLP([3, 4, 1], activation="tanh", rng=0)
    assert check_model_gradients(net, X, y) < 1e-7
    before = [p.copy() for p in net.parameters()]
    assert all(np.array_equal(p, q) for p, q in zip(before, net.parameters()))  # model left unchanged
    net.loss_fn = dataclasses.replace(net.loss_fn, output_delta=lambda A, Y: 1.01 * (A - Y) / A.shape[0])
    assert check_model_gradients(net, X, y) > 1e-3
    with raises(TypeError, "float64 model"):
        check_model_gradients(MLP([3, 1], dtype=np.float32), X, y)


def test_numerical_gradient_array_matches_dense_backward(rng):
    X, W, b = rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), rng.standard_normal(4)
    Z, cache = dense_forward(X, W, b)
    dZ = rng.standard_normal(Z.shape)
    dX, dW, db = dense_backward(dZ, cache)
    assert rel_error(dX, numerical_gradient_array(lambda X_: X_ @ W.T + b, X, dZ)) < 1e-7
    assert rel_error(dW, numerical_gradient_array(lambda W_: X @ W_.T + b, W, dZ)) < 1e-7
    with raises(ValueError, "upstream has shape"):
        numerical_gradient_array(lambda X_: X_ @ W.T, X, np.ones(3))


# -- the boundary -------------------------------------------------------------------------------

def test_optimisers_refuse_non_finite_gradients():
    w = np.zeros(3)
    for opt in (SGD([w], lr=0.1), Adam([w])):
        with raises(ValueError, "NaN or infinite", "lower lr"):
            opt.step([np.array([0.0, np.nan, 1.0])])
        with raises(TypeError, "numeric numpy array"):
            opt.step([[0.0, 1.0, 2.0]])
    assert np.all(w == 0)


def test_losses_and_scalers_near_the_float_limit():
    big = 1e308
    z, y = np.array([big, -big, big]), np.array([1.0, 0.0, 0.0])
    # exact: the first two terms are 0, the third is big: the mean is big / 3
    assert losses.binary_cross_entropy_with_logits(z, y) == pytest.approx(big / 3, rel=1e-12)
    Z = np.array([[big, -big, 0.0], [0.0, 1.0, 2.0]])
    ce = losses.softmax_cross_entropy(Z, np.array([0, 2]))
    assert np.isfinite(ce) and ce == pytest.approx(np.log(np.exp(-2) + np.exp(-1) + 1) / 2, rel=1e-12)
    X = np.array([[big, 1.0], [-big, 2.0], [0.5 * big, 3.0]])
    S = StandardScaler().fit(X)
    assert np.all(np.isfinite(S.mean_)) and np.all(np.isfinite(S.scale_))
    T = S.transform(X)
    np.testing.assert_allclose(T.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(T.std(axis=0), 1, rtol=1e-12)
    M = MinMaxScaler().fit_transform(X)
    np.testing.assert_allclose(M[:, 0], [1.0, 0.0, 0.75], rtol=1e-12)


def test_empty_and_degenerate_inputs_give_clear_errors():
    with raises(ValueError, "at least one example"):
        losses.mean_squared_error(np.zeros((0, 1)), np.zeros((0, 1)))
    with raises(ValueError, "at least one example"):
        losses.softmax_cross_entropy(np.zeros((0, 3)), np.zeros(0))
    with raises(ValueError, "leaves no training example"):
        train_test_split(np.zeros((2, 2)), np.zeros(2), test_fraction=0.75)
    with raises(ValueError, "at least one centre"):
        make_blobs(10, centers=np.zeros((0, 2)))
    with raises(TypeError, "shuffle must be True or False", "'no'"):
        next(iterate_minibatches(np.zeros((4, 2)), np.zeros(4), 2, shuffle="no"))
    with raises(TypeError, "fit_intercept must be True or False"):
        LogisticRegression(fit_intercept="yes").fit(np.zeros((4, 2)), np.array([0, 1, 0, 1]))
    with raises(ValueError, "must contain only the labels 0 and 1", "2.0", "5.0"):
        LogisticRegression(solver="fista").fit(np.zeros((4, 2)), np.array([0, 1, 2, 5]))


RNG_USERS = {
    "make_blobs": lambda rng: make_blobs(10, rng=rng)[0],
    "make_moons": lambda rng: make_moons(10, rng=rng)[0],
    "make_circles": lambda rng: make_circles(10, rng=rng)[0],
    "make_spirals": lambda rng: make_spirals(10, rng=rng)[0],
    "make_xor": lambda rng: make_xor(8, rng=rng)[0],
    "train_test_split": lambda rng: train_test_split(np.arange(20.0).reshape(10, 2), np.zeros(10), rng=rng)[0],
    "iterate_minibatches": lambda rng: next(iterate_minibatches(np.arange(20.0).reshape(10, 2), np.zeros(10), 3,
                                                                rng=rng))[0],
    "initialiser": lambda rng: nnlib.initialisers.he_normal(3, 4, rng=rng),
    "MLP": lambda rng: MLP([2, 3, 1], rng=rng).weights[0],
    "OverfittingDemo": lambda rng: nnlib.regularisation.OverfittingDemo(n_train=6, n_val=4, n_test=4, max_iter=5,
                                                                        rng=rng).X_train,
}


@pytest.mark.parametrize("name", sorted(RNG_USERS))
def test_rng_is_none_an_int_or_a_generator(name):
    draw = RNG_USERS[name]
    a, b = draw(7), draw(np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)                  # an int seed means default_rng(seed)
    assert draw(None).shape == a.shape
    with raises(TypeError, "rng must be None, an int seed or a numpy.random.Generator"):
        draw("seed")


# -- Hypothesis over the public API ----------------------------------------------------------------

BAD_VALUES = st.sampled_from([np.nan, np.inf, -np.inf])


def _public_calls(X, y):
    """Public functions of the core, each called on ``X`` (n, 2) and binary ``y`` (n,)."""
    return {
        "MLP.fit": lambda: MLP([2, 2, 1], rng=0).fit(X, y, n_epochs=1),
        "MLP.loss": lambda: MLP([2, 1], rng=0).loss(X, y),
        "MLP.train_step": lambda: (lambda m: m.train_step(X, y, SGD(m.parameters(), lr=0.1)))(MLP([2, 1])),
        "LogisticRegression.fit": lambda: LogisticRegression(max_iter=2).fit(X, y),
        "LogisticRegression.fista": lambda: LogisticRegression(solver="fista", max_iter=2).fit(X, y),
        "StandardScaler": lambda: StandardScaler().fit(X),
        "MinMaxScaler": lambda: MinMaxScaler().fit(X),
        "train_test_split": lambda: train_test_split(X, y),
        "polynomial_features": lambda: nnlib.data.polynomial_features(X),
        "bce": lambda: losses.binary_cross_entropy_with_logits(X, np.column_stack([y, y])),
        "softmax_ce": lambda: losses.softmax_cross_entropy(X, np.zeros(len(y))),
        "mse": lambda: losses.mean_squared_error(X, np.zeros((len(y), 2))),
        "sigmoid": lambda: nnlib.sigmoid(X),
        "softmax": lambda: nnlib.softmax(X),
        "relu": lambda: nnlib.relu(X),
        "dense_forward": lambda: dense_forward(X, np.ones((3, 2)), np.zeros(3)),
        "soft_threshold": lambda: nnlib.regularisation.soft_threshold(X, 0.1),
    }


CALL_NAMES = sorted(_public_calls(np.zeros((4, 2)), np.zeros(4)))


@given(n=st.integers(4, 8), row=st.integers(0, 7), col=st.integers(0, 1), bad=BAD_VALUES,
       name=st.sampled_from(CALL_NAMES))
def test_non_finite_input_is_refused_by_name(n, row, col, bad, name):
    X = np.random.default_rng(n).standard_normal((n, 2))
    y = (np.arange(n) % 2).astype(float)
    X[row % n, col] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        _public_calls(X, y)[name]()


@given(name=st.sampled_from(CALL_NAMES), bad=st.sampled_from(["text", None, [["a", "b"], ["c", "d"]]]))
def test_non_numeric_input_is_a_type_error_that_names_the_fix(name, bad):
    y = np.array([0.0, 1.0, 0.0, 1.0])
    with pytest.raises(TypeError) as info:
        _public_calls(bad, y)[name]()
    message = str(info.value)
    assert "must" in message and "got" in message, message
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nnlib.ConvergenceWarning)  # two steps are not meant to converge
        _public_calls(np.random.default_rng(0).standard_normal((4, 2)), y)[name]()  # good input works
