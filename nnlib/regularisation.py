"""L1 and L2 weight penalties, their (sub)gradients, and the soft threshold (chapter 9).

The penalty strength is ``lam`` everywhere (the book's lambda).

Penalties apply to weights, never to biases. Conventions:
L2: R(W) = (lam / 2) ||W||^2, gradient lam W (shrinks every weight by a factor).
L1: R(W) = lam ||W||_1, subgradient lam sign(W) (pushes by a constant amount).
The proximal step ``soft_threshold`` is what makes L1 produce exact zeros
under gradient descent; a plain subgradient step only jitters around zero.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_choice, check_int, check_positive
from .losses import binary_cross_entropy_with_logits


def l2_penalty(W, lam: float) -> float:
    """(lam / 2) * sum(W**2)."""
    W = as_float_array(W, "W")
    lam = check_positive(lam, "lam", allow_zero=True)
    return 0.5 * lam * float(np.sum(W * W))


def l2_gradient(W, lam: float):
    """d/dW of l2_penalty: lam * W, same shape as W."""
    W = as_float_array(W, "W")
    return check_positive(lam, "lam", allow_zero=True) * W


def l1_penalty(W, lam: float) -> float:
    """lam * sum(|W|)."""
    W = as_float_array(W, "W")
    lam = check_positive(lam, "lam", allow_zero=True)
    return lam * float(np.sum(np.abs(W)))


def l1_subgradient(W, lam: float):
    """A subgradient of l1_penalty: lam * sign(W) (0 where W == 0, inside [-lam, lam])."""
    W = as_float_array(W, "W")
    return check_positive(lam, "lam", allow_zero=True) * np.sign(W)


def soft_threshold(W, threshold: float):
    """Proximal operator of threshold * ||W||_1: sign(W) * max(|W| - threshold, 0).

    One proximal-gradient (ISTA) step for L1 is ``soft_threshold(W - lr * grad, lr * lam)``:
    any weight whose magnitude is below ``lr * lam`` lands on exactly 0.
    """
    W = as_float_array(W, "W")
    threshold = check_positive(threshold, "threshold", allow_zero=True)
    return np.sign(W) * np.maximum(np.abs(W) - threshold, 0)


class OverfittingDemo:
    """Chapter 9's over-parametrised model, and the choice of lambda on a validation set.

    Logistic regression on all monomials of two inputs up to ``degree`` (44
    features for degree 8), fitted to ``n_train`` noisy moons: with no penalty
    it bends its boundary around every training point. Three independent
    splits from one generator: train (fit the weights), validation (choose
    lambda), test (report once, at the end, for the chosen lambda only; a
    test set used to choose anything no longer estimates the error on new data).

    Attributes: ``X_train (n_train, 2)``, ``X_val``, ``X_test`` and labels
    ``y_*`` of shape ``(n,)``; ``P_train``, ``P_val``, ``P_test`` their
    polynomial features, standardised with the training set's statistics.
    Fits use ``LogisticRegression(solver="fista")`` for at most ``max_iter``
    steps (unpenalised, the training set is separable and no optimum exists,
    so the budget, not convergence, ends those fits; that is deliberate).
    """

    def __init__(self, n_train=40, n_val=200, n_test=500, noise=0.3, degree=8, max_iter=1500, rng=3):
        from ._validation import check_rng
        from .data import StandardScaler, make_moons, polynomial_features

        rng = check_rng(rng)
        self.X_train, self.y_train = make_moons(n_train, noise=noise, rng=rng)
        self.X_val, self.y_val = make_moons(n_val, noise=noise, rng=rng)
        self.X_test, self.y_test = make_moons(n_test, noise=noise, rng=rng)
        self.degree, self.max_iter = check_int(degree, "degree"), check_int(max_iter, "max_iter")
        self._polynomial_features = polynomial_features
        self.scaler = StandardScaler().fit(polynomial_features(self.X_train, degree))
        self.P_train, self.P_val, self.P_test = (self.features(X) for X in (self.X_train, self.X_val, self.X_test))
        self._fits = {}

    def features(self, X):
        """Standardised polynomial features of points ``X (m, 2)``: ``(m, n_features)``."""
        return self.scaler.transform(self._polynomial_features(X, self.degree))

    def fit(self, penalty, lam):
        """``(w, b)``: weights ``(n_features,)`` and intercept of the fit at ``lam`` (cached)."""
        import warnings

        from .models import ConvergenceWarning, LogisticRegression

        check_choice(penalty, "penalty", {"l1", "l2"})
        key = (penalty, check_positive(lam, "lam", allow_zero=True))
        if key not in self._fits:
            model = LogisticRegression(solver="fista", penalty=penalty, lam=key[1], max_iter=self.max_iter)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed budget, see the class notes
                model.fit(self.P_train, self.y_train)
            self._fits[key] = (model.coef_, model.intercept_)
        return self._fits[key]

    def predict_proba(self, w, b, X=None, features=None):
        """P(y = 1 | x) of the fit ``(w, b)`` at points ``X (m, 2)``: ``(m,)``.

        ``features``: ``self.features(X)`` computed once, for a grid evaluated at many fits (the slider)."""
        from .activations import sigmoid

        P = self.features(X) if features is None else features
        return sigmoid(P @ w + b)

    def losses(self, w, b):
        """``(train, validation)`` mean cross-entropy of ``(w, b)`` (data loss, no penalty)."""
        return (binary_cross_entropy_with_logits(self.P_train @ w + b, self.y_train),
                binary_cross_entropy_with_logits(self.P_val @ w + b, self.y_val))

    def test_loss(self, w, b):
        """Mean cross-entropy on the test split: call it once, for the lambda chosen on validation."""
        return binary_cross_entropy_with_logits(self.P_test @ w + b, self.y_test)

    def loss_table(self, penalty, lambdas):
        """``(len(lambdas), 2)`` array of (train, validation) losses, one fit per lambda."""
        return np.array([self.losses(*self.fit(penalty, lam)) for lam in lambdas])

    def best_lambda(self, penalty, lambdas):
        """The lambda in ``lambdas`` with the lowest validation loss."""
        lambdas = [check_positive(v, "lambda", allow_zero=True) for v in lambdas]
        return lambdas[int(np.argmin(self.loss_table(penalty, lambdas)[:, 1]))]
