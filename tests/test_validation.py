"""Bad input at nnlib's public boundary: one test per case.

Each asserts the exception type *and* that the message names what was
expected and what came (and, where there is one, the fix).
"""

from __future__ import annotations

import re

import numpy as np

import nnlib
import pytest

from nnlib import MLP, SGD, Adam, LogisticRegression, Momentum, RMSprop, get_activation, get_initialiser, get_loss
from nnlib import activations, data, gradcheck, losses, optimisers
from nnlib.layers import dense_backward, dense_forward


def raises(exc, *fragments):
    """pytest.raises that also checks every fragment appears (literally) in the message."""
    pattern = "".join(f"(?=.*{re.escape(f)})" for f in fragments)
    return pytest.raises(exc, match=re.compile(pattern, re.S))


@pytest.fixture(scope="module")
def Xy():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((6, 3))
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0])
    return X, y


@pytest.fixture(scope="module")
def fitted_lr(Xy):
    X, y = Xy
    # Each point with both labels: not separable, so the fit converges quietly.
    return LogisticRegression(max_iter=5000, tol=1e-6).fit(np.vstack([X, X]), np.r_[y, 1 - y])


@pytest.fixture
def net():
    return MLP([3, 4, 1], rng=0)


# -- wrong number of dimensions ------------------------------------------------------

def test_logistic_fit_1d_X(Xy):
    X, y = Xy
    with raises(ValueError, "X must be a 2-D array", "1-D array of shape (6,)", "reshape(-1, 1)"):
        LogisticRegression().fit(X[:, 0], y)


def test_logistic_predict_1d_X(fitted_lr, Xy):
    X, _ = Xy
    with raises(ValueError, "2-D", "shape (3,)", "reshape(1, -1)"):
        fitted_lr.predict(X[0])
    with raises(ValueError, "2-D", "shape (3,)"):
        fitted_lr.predict_proba(X[0])


def test_logistic_fit_2d_y(Xy):
    X, y = Xy
    with raises(ValueError, "y must be a 1-D array", "shape (6, 1)", "y.ravel()"):
        LogisticRegression().fit(X, y.reshape(-1, 1))


def test_mlp_forward_1d_X(net, Xy):
    X, _ = Xy
    with raises(ValueError, "X must be a 2-D array", "shape (3,)", "reshape(1, -1)"):
        net.forward(X[0])


def test_mlp_forward_3d_X(net):
    with raises(ValueError, "2-D", "3-D array of shape (2, 2, 3)"):
        net.forward(np.zeros((2, 2, 3)))


def test_dense_forward_1d_X():
    with raises(ValueError, "X must be a 2-D array", "shape (3,)"):
        dense_forward(np.ones(3), np.ones((2, 3)), np.zeros(2))


def test_dense_forward_1d_W():
    with raises(ValueError, "W must be a 2-D array", "shape (3,)"):
        dense_forward(np.ones((4, 3)), np.ones(3), np.zeros(1))


def test_dense_backward_wrong_dZ_shape():
    _, cache = dense_forward(np.ones((4, 3)), np.ones((2, 3)), np.zeros(2))
    with raises(ValueError, "dZ must have shape", "(4, 2)", "(2, 4)"):
        dense_backward(np.ones((2, 4)), cache)
    with raises(TypeError, "DenseCache", "tuple"):
        dense_backward(np.ones((4, 2)), (np.ones((4, 3)), np.ones((2, 3))))


def test_empty_X(net):
    with raises(ValueError, "shape (0, 3)", "at least one example"):
        net.forward(np.zeros((0, 3)))


# -- mismatched n_samples --------------------------------------------------------------

def test_logistic_fit_mismatched_lengths(Xy):
    X, y = Xy
    with raises(ValueError, "same number of examples", "X has 6", "y has 5", "transpose"):
        LogisticRegression().fit(X, y[:5])


def test_logistic_score_mismatched_lengths(fitted_lr, Xy):
    X, y = Xy
    with raises(ValueError, "same number of examples", "shape (6, 3)", "y has 4"):
        fitted_lr.score(X, y[:4])


def test_mlp_fit_mismatched_lengths(net, Xy):
    X, y = Xy
    with raises(ValueError, "same number of examples", "X has 6", "y has 4"):
        net.fit(X, y[:4])


def test_mlp_loss_and_gradients_mismatched_lengths(net, Xy):
    X, y = Xy
    with raises(ValueError, "same number of examples", "X has 5", "y has 6"):
        net.loss_and_gradients(X[:5], y)


def test_softmax_cross_entropy_mismatched_lengths():
    with raises(ValueError, "same number of examples", "(3, 2)", "(4,)"):
        losses.softmax_cross_entropy(np.zeros((3, 2)), np.zeros(4))


def test_data_helpers_mismatched_lengths():
    X = np.zeros((5, 2))
    with raises(ValueError, "same number of examples", "X has 5", "y has 4"):
        data.train_test_split(X, np.zeros(4))
    with raises(ValueError, "same number of examples"):
        list(data.iterate_minibatches(X, np.zeros(6), 2))


# -- wrong feature count at predict time --------------------------------------------------

def test_logistic_predict_wrong_feature_count(fitted_lr, Xy):
    X, _ = Xy
    with raises(ValueError, "X has 2 features", "fitted with 3 features"):
        fitted_lr.predict(X[:, :2])
    with raises(ValueError, "X has 4 features", "fitted with 3"):
        fitted_lr.predict_proba(np.hstack([X, X[:, :1]]))


def test_mlp_predict_wrong_feature_count(net, Xy):
    X, _ = Xy
    with raises(ValueError, "X has 2 features", "expects n_in = 3", "[3, 4, 1]"):
        net.predict(X[:, :2])
    with raises(ValueError, "X has 2 features"):
        net.predict_proba(X[:, :2])


def test_dense_forward_wrong_feature_count():
    with raises(ValueError, "X has 3 features", "W expects n_in = 4", "(n_out, n_in)", "pass W.T"):
        dense_forward(np.ones((5, 3)), np.ones((3, 4)), np.zeros(3))


def test_dense_forward_wrong_bias_shape():
    with raises(ValueError, "b must have shape (n_out,) = (2,)", "got (3,)"):
        dense_forward(np.ones((5, 3)), np.ones((2, 3)), np.zeros(3))


def test_predict_before_fit(Xy):
    with raises(RuntimeError, "not fitted", "call fit"):
        LogisticRegression().predict(Xy[0])


# -- NaN and inf ------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_logistic_fit_nonfinite_X(Xy, bad):
    X, y = Xy
    X = X.copy()
    X[2, 1] = bad
    with raises(ValueError, "X contains 1 NaN or infinite", "expected finite", "impute"):
        LogisticRegression().fit(X, y)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_logistic_fit_nonfinite_y(Xy, bad):
    X, y = Xy
    y = y.copy()
    y[0] = bad
    with raises(ValueError, "y contains 1 NaN or infinite"):
        LogisticRegression().fit(X, y)


def test_logistic_predict_nan_X(fitted_lr, Xy):
    X = Xy[0].copy()
    X[0, 0] = np.nan
    with raises(ValueError, "X contains 1 NaN"):
        fitted_lr.predict(X)


def test_mlp_nonfinite_X_and_y(net, Xy):
    X, y = Xy
    Xn = X.copy()
    Xn[:, 0] = np.nan
    with raises(ValueError, "X contains 6 NaN or infinite"):
        net.forward(Xn)
    yn = y.copy()
    yn[3] = np.inf
    with raises(ValueError, "y contains 1 NaN or infinite"):
        net.fit(X, yn)


def test_losses_nonfinite():
    with raises(ValueError, "z contains 1 NaN"):
        losses.binary_cross_entropy_with_logits(np.array([0.0, np.nan]), np.array([0.0, 1.0]))
    with raises(ValueError, "y contains 1 NaN"):
        losses.mean_squared_error(np.zeros(2), np.array([0.0, np.nan]))


def test_dense_forward_nonfinite_weights():
    W = np.ones((2, 3))
    W[0, 0] = np.inf
    with raises(ValueError, "W contains 1 NaN or infinite"):
        dense_forward(np.ones((4, 3)), W, np.zeros(2))


# -- labels outside {0, 1} -------------------------------------------------------------------

@pytest.mark.parametrize("bad", [2.0, -1.0, 0.5])
def test_logistic_labels_outside_01(Xy, bad):
    X, y = Xy
    y = y.copy()
    y[1] = bad
    with raises(ValueError, "only the labels 0 and 1", f"[{bad}]", "Map your classes to 0/1"):
        LogisticRegression().fit(X, y)


@pytest.mark.parametrize("bad", [2.0, -1.0, 0.5])
def test_mlp_bce_labels_outside_01(net, Xy, bad):
    X, y = Xy
    y = y.copy()
    y[1] = bad
    with raises(ValueError, "only the labels 0 and 1", f"[{bad}]"):
        net.fit(X, y)
    with raises(ValueError, "only the labels 0 and 1"):
        net.loss(X, y)


@pytest.mark.parametrize("bad", [2.0, -1.0, 0.5])
@pytest.mark.parametrize("fn", [losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_grad,
                                losses.binary_cross_entropy])
def test_bce_losses_labels_outside_01(fn, bad):
    y = np.array([0.0, 1.0, bad])
    with raises(ValueError, "must contain only the labels 0 and 1", str(bad)):
        fn(np.full(3, 0.5), y)


def test_softmax_labels_out_of_range():
    with raises(ValueError, "0..1", "2 classes", "2.0"):
        losses.softmax_cross_entropy(np.zeros((3, 2)), np.array([0, 1, 2]))
    with raises(ValueError, "0..1", "0.5"):
        losses.softmax_cross_entropy_grad(np.zeros((3, 2)), np.array([0, 1, 0.5]))
    net = MLP([2, 3], loss="softmax_cross_entropy", rng=0)
    with raises(ValueError, "must lie in 0..2", "3.0"):
        net.fit(np.zeros((3, 2)), np.array([0, 1, 3]))
    with raises(ValueError, "one-hot"):
        losses.softmax_cross_entropy(np.zeros((2, 2)), np.array([[1.0, 1.0], [0.0, 1.0]]))


# -- no silent broadcasting in losses ---------------------------------------------------------

@pytest.mark.parametrize("fn,name", [(losses.binary_cross_entropy_with_logits, "z"),
                                     (losses.binary_cross_entropy_with_logits_grad, "z"),
                                     (losses.mean_squared_error, "y_hat"),
                                     (losses.mean_squared_error_grad, "y_hat")])
@pytest.mark.parametrize("swap", [False, True])
def test_losses_refuse_n_vs_n1(fn, name, swap):
    z, y = np.zeros(4), np.array([[0.0], [1.0], [1.0], [0.0]])
    if swap:
        z, y = z.reshape(-1, 1), y.ravel()
    shapes = ("(4,)", "(4, 1)") if not swap else ("(4, 1)", "(4,)")
    with raises(ValueError, f"{name} and y must have the same shape", f"got {shapes[0]} and {shapes[1]}", "reshape"):
        fn(z, y)


def test_softmax_one_hot_shape_mismatch():
    with raises(ValueError, "must be one-hot with 2 columns", "(3, 3)"):
        losses.softmax_cross_entropy(np.zeros((3, 2)), np.eye(3))
    net = MLP([2, 3], loss="softmax_cross_entropy", rng=0)
    with raises(ValueError, "must be one-hot (or a probability vector per row"):
        net.fit(np.zeros((2, 2)), np.array([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]]), n_epochs=1)


def test_top_level_activations_validate():
    with raises(TypeError, "z must hold numbers"):
        nnlib.sigmoid(np.array(["a", "b"]))
    with raises(TypeError, "z must be an array of numbers", "got str"):
        nnlib.tanh("abc")
    with raises(ValueError, "z contains 1 NaN"):
        nnlib.softmax([[1.0, np.nan]])
    with raises(ValueError, "alpha (the leaky slope) must be a finite non-negative number", "-5"):
        nnlib.leaky_relu([1.0, -1.0], alpha=-5)
    with raises(ValueError, "alpha (the leaky slope) must be in [0, 1)"):
        nnlib.leaky_relu([1.0, -1.0], 1.5)
    assert nnlib.relu([[-1, 2]]).dtype == np.float64   # ints become floats, as relu_prime's are
    np.testing.assert_array_equal(nnlib.leaky_relu([2.0, -2.0], alpha=0.1), [2.0, -0.2])


# -- unknown names ---------------------------------------------------------------------------

def test_unknown_activation():
    with raises(ValueError, "Unknown activation 'relu6'", "leaky_relu", "sigmoid", "Did you mean 'relu'"):
        get_activation("relu6")
    with raises(ValueError, "Unknown activation 'swish'"):
        MLP([2, 3, 1], activation="swish")
    with raises(ValueError, "Unknown activation"):
        get_activation("gelu")


def test_unknown_initialiser():
    with raises(ValueError, "Unknown initialiser 'kaiming'", "he_normal", "xavier_uniform"):
        get_initialiser("kaiming")
    with raises(ValueError, "Unknown initialiser 'glorot'"):
        MLP([2, 3, 1], init="glorot")


def test_unknown_loss():
    with raises(ValueError, "Unknown loss 'hinge'", "binary_cross_entropy", "mse", "softmax_cross_entropy"):
        get_loss("hinge")
    with raises(ValueError, "Unknown loss 'cross_entropy'"):
        MLP([2, 1], loss="cross_entropy")


def test_unknown_optimiser(net, Xy):
    X, y = Xy
    with raises(ValueError, "Unknown optimiser 'adamw'", "adam", "momentum", "rmsprop", "sgd"):
        net.fit(X, y, optimiser="adamw")
    with raises(ValueError, "Unknown optimiser 'nesterov'"):
        optimisers.get_optimiser("nesterov", [np.zeros(2)])
    with raises(ValueError, "Unknown optimiser"):
        optimisers.minimise(lambda x: x, np.zeros(2), optimiser="lbfgs")


def test_unknown_penalty(Xy):
    X, y = Xy
    with raises(ValueError, "Unknown penalty 'l3'", "l1", "l2"):
        LogisticRegression(penalty="l3").fit(X, y)
    with raises(ValueError, "Unknown penalty 'elasticnet'"):
        MLP([2, 1], penalty="elasticnet")


def test_name_of_wrong_type():
    with raises(TypeError, "activation must be a string", "int"):
        get_activation(3)
    with raises(TypeError, "loss must be a string"):
        get_loss(None)


# -- non-positive learning rate and other bad hyper-parameters ------------------------------------

@pytest.mark.parametrize("lr", [0, -0.5, float("inf"), float("nan")])
def test_logistic_nonpositive_lr(Xy, lr):
    X, y = Xy
    model = LogisticRegression(lr=lr)  # hyper-parameters are stored as given, checked at fit time
    with raises(ValueError, "lr must be a finite positive number", f"got {float(lr)!r}", "> 0"):
        model.fit(X, y)


@pytest.mark.parametrize("cls", [SGD, Momentum, RMSprop, Adam])
@pytest.mark.parametrize("lr", [-1, 0])
def test_optimiser_nonpositive_lr(cls, lr):
    with raises(ValueError, "lr must be a finite positive number", f"got {float(lr)!r}"):
        cls([np.zeros(2)], lr=lr)


def test_mlp_fit_nonpositive_lr(net, Xy):
    X, y = Xy
    with raises(ValueError, "lr must be a finite positive number", "got 0.0"):
        net.fit(X, y, lr=0)
    with raises(ValueError, "lr", "got -0.1"):
        net.fit(X, y, lr=-0.1, optimiser="adam")


def test_lr_of_wrong_type(Xy):
    X, y = Xy
    with raises(TypeError, "lr must be a real number", "str", "'0.1'"):
        LogisticRegression(lr="0.1").fit(X, y)
    with raises(TypeError, "lr must be a real number", "bool"):
        SGD([np.zeros(2)], lr=True)


@pytest.mark.parametrize("n_epochs", [2.5, "10", None, 10.0])
def test_mlp_fit_non_int_n_epochs(net, Xy, n_epochs):
    X, y = Xy
    with raises(TypeError, "n_epochs must be an integer", type(n_epochs).__name__, "whole number"):
        net.fit(X, y, n_epochs=n_epochs)


def test_mlp_fit_zero_epochs_and_bad_batch_size(net, Xy):
    X, y = Xy
    with raises(ValueError, "n_epochs must be an integer >= 1", "got 0"):
        net.fit(X, y, n_epochs=0)
    with raises(ValueError, "batch_size must be an integer >= 1", "got 0"):
        net.fit(X, y, batch_size=0)
    with raises(TypeError, "max_iter must be an integer", "float"):
        LogisticRegression(max_iter=100.0).fit(X, y)


def test_numpy_integers_are_accepted(net, Xy):
    X, y = Xy
    net.fit(X, y, n_epochs=np.int64(2), lr=np.float32(0.1))
    assert len(net.loss_curve_) == 2


def test_bad_optimiser_fractions():
    with raises(ValueError, "beta1 must be in [0, 1)", "got 1.0"):
        Adam([np.zeros(2)], beta1=1.0)
    with raises(ValueError, "rho must be a finite non-negative number", "got -0.1"):
        RMSprop([np.zeros(2)], rho=-0.1)


def test_bad_model_structure():
    with raises(ValueError, "layer_sizes needs at least [n_in, n_out]", "[3]"):
        MLP([3])
    with raises(ValueError, "layer_sizes must be an integer >= 1", "got 0"):
        MLP([3, 0, 1])
    with raises(TypeError, "layer_sizes must be a list", "'3-4-1'"):
        MLP("3-4-1")
    with raises(ValueError, "binary_cross_entropy needs one output unit", "ending in 2", "softmax_cross_entropy"):
        MLP([3, 2])
    with raises(ValueError, "2 activations for 1 hidden layers"):
        MLP([3, 4, 1], activation=["relu", "tanh"])
    with raises(TypeError, "dtype", "int64"):
        MLP([3, 1], dtype=np.int64)


# -- bad rng ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rng", ["seed", 1.5, True, np.random.RandomState(0)])
def test_bad_rng_type(net, Xy, rng):
    X, y = Xy
    name = type(rng).__name__
    with raises(TypeError, "rng must be None, an int seed or a numpy.random.Generator", f"got {name}",
                "np.random.default_rng(seed)"):
        MLP([3, 1], rng=rng)
    with raises(TypeError, f"got {name}"):
        net.fit(X, y, batch_size=2, rng=rng)
    with raises(TypeError, f"got {name}"):
        data.make_moons(rng=rng)
    with raises(TypeError, f"got {name}"):
        get_initialiser("he_normal")(3, 2, rng=rng)


# -- string and other non-numeric input ----------------------------------------------------------------

def test_string_input(net, Xy):
    _, y = Xy
    with raises(TypeError, "X must be an array of numbers", "got str"):
        LogisticRegression().fit("abc", y)
    with raises(TypeError, "X must be an array of numbers", "got str"):
        net.forward("1, 2, 3")
    with raises(TypeError, "X must hold numbers", "dtype <U", "dtype=float"):
        net.forward([["1", "2", "3"]])
    with raises(TypeError, "z must be an array of numbers"):
        nnlib.sigmoid("abc")
    with raises(TypeError, "y must hold numbers"):
        losses.mean_squared_error(np.zeros(2), np.array(["a", "b"]))


def test_none_ragged_and_complex_input(net):
    with raises(TypeError, "X must be an array of numbers", "NoneType"):
        net.forward(None)
    with raises(TypeError, "X must be convertible to a numeric array"):
        net.forward([[1.0, 2.0, 3.0], [1.0]])
    with raises(TypeError, "X must be real", "complex"):
        net.forward(np.ones((2, 3), dtype=complex))


def test_gradcheck_validates():
    with raises(TypeError, "f must be a callable", "int"):
        gradcheck.numerical_gradient(3, np.zeros(2))
    with raises(ValueError, "f must return a scalar", "shape (2,)", ".sum()"):
        gradcheck.numerical_gradient(lambda x: x, np.zeros(2))
    with raises(ValueError, "eps must be a finite positive number", "got 0.0"):
        gradcheck.numerical_gradient(np.sum, np.zeros(2), eps=0)


# -- valid input is not rejected --------------------------------------------------------------------------

def test_lists_ints_and_bools_are_accepted():
    model = LogisticRegression(max_iter=500, tol=1e-4)
    X = [[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [1, 2], [0, 1], [1, 0]]
    y = [True, False, True, False, False, True, False, True]
    model.fit(X, y)
    assert model.predict([[0, 1]]).shape == (1,)
    assert model.coef_.dtype == np.float64
