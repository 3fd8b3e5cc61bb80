"""LogisticRegression reaches the maximum-likelihood estimate, and keeps the
scikit-learn contract.

The reference is an independent Newton / IRLS solve written here with numpy
alone: it shares no code with nnlib (not even the sigmoid).
"""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import ConvergenceWarning, LogisticRegression
from nnlib.data import StandardScaler, make_blobs

import reference


def newton_logistic(X, y, lam=0.0):
    """(w, b) of the independent Newton reference (tests/reference.py)."""
    w, b, _ = reference.newton_logistic(X, y, lam=lam)
    return w, b


def mean_nll(X, y, w, b):
    z = X @ w + b
    return float(np.mean(np.logaddexp(0, z) - y * z))


@pytest.fixture(scope="module")
def blobs():
    """Overlapping 4-D Gaussian blobs (not linearly separable), standardised."""
    rng = np.random.default_rng(3)
    X, y = make_blobs(400, centers=[[-0.5, 0.3, 0.0, 0.8], [0.5, -0.2, 0.4, 0.0]], std=1.0, rng=rng)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def fitted(blobs):
    X, y = blobs
    return LogisticRegression(lr=1.0, max_iter=20_000, tol=1e-10).fit(X, y)


def test_reference_solver_is_a_stationary_point(blobs):
    X, y = blobs
    w, b = newton_logistic(X, y)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    assert np.max(np.abs(X.T @ (p - y))) / len(y) < 1e-12
    assert abs(np.mean(p - y)) < 1e-12


def test_reaches_maximum_likelihood_coefficients(blobs, fitted):
    X, y = blobs
    w, b = newton_logistic(X, y)
    assert fitted.converged_
    assert fitted.coef_.shape == (4,)
    assert isinstance(fitted.intercept_, float)
    np.testing.assert_allclose(fitted.coef_, w, rtol=0, atol=1e-6)
    assert fitted.intercept_ == pytest.approx(b, abs=1e-6)
    # The data are not separable, so the optimum is finite and modest.
    assert np.linalg.norm(w) < 5


def test_gradient_is_zero_at_the_fitted_point(blobs, fitted):
    X, y = blobs
    p = fitted.predict_proba(X)
    grad_w = X.T @ (p - y) / len(y)
    grad_b = np.mean(p - y)
    assert np.max(np.abs(grad_w)) < 1e-9
    assert abs(grad_b) < 1e-9
    # ...and it is a minimum: any small move raises the loss.
    best = mean_nll(X, y, fitted.coef_, fitted.intercept_)
    rng = np.random.default_rng(0)
    for _ in range(5):
        d = rng.standard_normal(4)
        assert mean_nll(X, y, fitted.coef_ + 1e-3 * d, fitted.intercept_) > best


def test_l2_penalty_matches_ridge_newton(blobs):
    X, y = blobs
    model = LogisticRegression(lr=1.0, max_iter=20_000, tol=1e-10, penalty="l2", lam=0.1).fit(X, y)
    w, b = newton_logistic(X, y, lam=0.1)
    np.testing.assert_allclose(model.coef_, w, atol=1e-6)
    assert model.intercept_ == pytest.approx(b, abs=1e-6)
    w0, _ = newton_logistic(X, y)
    assert np.linalg.norm(w) < np.linalg.norm(w0)  # shrinkage


def test_fit_returns_self_and_contract(blobs):
    X, y = blobs
    model = LogisticRegression(max_iter=50, tol=1e-3)
    assert model.fit(X, y) is model
    proba = model.predict_proba(X)
    assert proba.shape == (len(y),)
    assert np.all((proba > 0) & (proba < 1))
    pred = model.predict(X)
    assert pred.shape == (len(y),)
    assert set(np.unique(pred)) <= {0.0, 1.0}
    np.testing.assert_array_equal(pred, (proba >= 0.5).astype(float))
    np.testing.assert_allclose(model.decision_function(X), X @ model.coef_ + model.intercept_)
    assert model.score(X, y) == pytest.approx(np.mean(pred == y))
    assert model.score(X, y) > 0.6  # the blobs are noisy but informative
    assert model.n_features_in_ == 4


def test_loss_curve_decreases_monotonically(blobs, fitted):
    X, y = blobs
    curve = np.asarray(fitted.loss_curve_)
    assert curve[0] == pytest.approx(np.log(2))  # zero weights: p = 1/2 for everyone
    assert np.all(np.diff(curve) <= 1e-15)
    assert curve[-1] == pytest.approx(mean_nll(X, y, fitted.coef_, fitted.intercept_), rel=1e-12)
    assert len(curve) == fitted.n_iter_ + 1


def test_l1_gives_exact_zeros_and_l2_does_not(blobs):
    X, y = blobs
    # An irrelevant feature, pure noise, alongside the informative ones.
    rng = np.random.default_rng(5)
    Xn = np.hstack([X, rng.standard_normal((len(y), 3))])
    l1 = LogisticRegression(lr=1.0, max_iter=5000, tol=1e-8, penalty="l1", lam=0.05).fit(Xn, y)
    l2 = LogisticRegression(lr=1.0, max_iter=5000, tol=1e-8, penalty="l2", lam=0.05).fit(Xn, y)
    assert np.count_nonzero(l1.coef_ == 0.0) >= 3
    assert np.count_nonzero(l1.coef_) >= 1
    assert np.count_nonzero(l2.coef_ == 0.0) == 0
    # With a huge alpha every weight is exactly zero (the intercept is not penalised).
    huge = LogisticRegression(lr=1.0, max_iter=5000, penalty="l1", lam=10.0).fit(Xn, y)
    np.testing.assert_array_equal(huge.coef_, np.zeros(Xn.shape[1]))
    assert huge.intercept_ == pytest.approx(np.log(y.mean() / (1 - y.mean())), abs=1e-6)


def test_l1_solution_satisfies_optimality_conditions(blobs):
    X, y = blobs
    lam = 0.05
    model = LogisticRegression(lr=1.0, max_iter=20_000, tol=1e-10, penalty="l1", lam=lam).fit(X, y)
    p = model.predict_proba(X)
    g = X.T @ (p - y) / len(y)
    w = model.coef_
    nz = w != 0
    np.testing.assert_allclose(g[nz], -lam * np.sign(w[nz]), atol=1e-8)
    assert np.all(np.abs(g[~nz]) <= lam + 1e-8)


def _separable(rng):
    X = np.vstack([rng.standard_normal((30, 2)) - 3, rng.standard_normal((30, 2)) + 3])
    y = np.r_[np.zeros(30), np.ones(30)]
    assert np.all((X.sum(axis=1) > 0) == (y == 1))  # really separable by x1 + x2 = 0
    return X, y


def test_separable_data_warns_and_weights_keep_growing():
    X, y = _separable(np.random.default_rng(1))
    norms, final_losses = [], []
    for max_iter in (10, 100, 1000, 10_000):
        with pytest.warns(ConvergenceWarning, match=rf"max_iter={max_iter}.*separable"):
            model = LogisticRegression(lr=1.0, max_iter=max_iter).fit(X, y)
        assert not model.converged_
        assert model.n_iter_ == max_iter
        assert model.score(X, y) == 1.0
        norms.append(np.linalg.norm(model.coef_))
        final_losses.append(model.loss_curve_[-1])
    # No finite optimum: the norm grows without bound (about logarithmically
    # in the number of steps) while the loss creeps towards 0.
    assert all(a < b for a, b in zip(norms, norms[1:]))
    assert norms[-1] - norms[0] > 1.0
    assert all(a > b for a, b in zip(final_losses, final_losses[1:]))
    assert final_losses[-1] < final_losses[0] / 10


def test_no_warning_when_converged(blobs):
    import warnings

    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LogisticRegression(max_iter=5000, tol=1e-6).fit(X, y)


def test_fit_without_intercept(blobs):
    X, y = blobs
    model = LogisticRegression(max_iter=20_000, tol=1e-10, fit_intercept=False).fit(X, y)
    assert model.intercept_ == 0.0
    w, _, _ = reference.newton_logistic(X, y, fit_intercept=False)
    np.testing.assert_allclose(model.coef_, w, atol=1e-6)


def test_refit_does_not_depend_on_previous_fit(blobs):
    X, y = blobs
    model = LogisticRegression(max_iter=3000, tol=1e-8)
    first = model.fit(X, y).coef_.copy()
    model.fit(X[:, ::-1], y)
    model.fit(X, y)
    np.testing.assert_array_equal(model.coef_, first)
