"""Logistic regression as a neural network with no hidden layer (chapter 2).

    y_hat = sigma(X @ coef_ + intercept_)

is an ``MLP([n_features, 1], loss="binary_cross_entropy")``: one sigmoid
neuron. Minimising its mean cross-entropy by gradient descent is maximising
the Bernoulli log-likelihood, so at convergence ``coef_`` and ``intercept_``
are the maximum-likelihood estimates a statistics package would report.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._validation import check_2d, check_binary_labels, check_choice, check_int, check_positive, check_same_length
from ..regularisation import soft_threshold
from .mlp import MLP


class ConvergenceWarning(UserWarning):
    """Training stopped at ``max_iter`` before the gradient fell below ``tol``."""


class LogisticRegression:
    """Binary logistic regression trained by full-batch gradient descent.

    Follows scikit-learn's contract: hyper-parameters here, ``fit`` returns
    ``self``, learned attributes end in ``_``.

    Parameters
    ----------
    lr : learning rate. On standardised features the loss's curvature is at
        most 0.25 * (largest eigenvalue of X^T X / n), so lr = 1 is usually safe.
    max_iter : the most gradient steps to take.
    tol : stop when every component of the gradient is below this in size.
    penalty : None, "l2" (adds alpha/2 ||w||^2) or "l1" (adds alpha ||w||_1,
        handled by a proximal step so that weights can be exactly 0).
    alpha : penalty strength.
    fit_intercept : learn ``intercept_`` (never penalised).

    Attributes
    ----------
    coef_ : (n_features,) weights. (scikit-learn stores (1, n_features).)
    intercept_ : float.
    loss_curve_ : the objective after every step, starting from the initial one.
    n_iter_ : steps taken. converged_ : whether the gradient fell below tol.
    """

    def __init__(self, lr=1.0, max_iter=10_000, tol=1e-8, penalty=None, alpha=0.0, fit_intercept=True):
        self.lr = lr
        self.max_iter = max_iter
        self.tol = tol
        self.penalty = penalty
        self.alpha = alpha
        self.fit_intercept = fit_intercept

    def _check_params(self):
        check_positive(self.lr, "lr")
        check_int(self.max_iter, "max_iter")
        check_positive(self.tol, "tol", allow_zero=True)
        if self.penalty is not None:
            check_choice(self.penalty, "penalty", {"l1", "l2"})
        check_positive(self.alpha, "alpha", allow_zero=True)

    def fit(self, X, y):
        """Fit to ``X`` of shape ``(n_samples, n_features)`` and labels ``y`` in {0, 1}, ``(n_samples,)``."""
        self._check_params()
        X = check_2d(X, dtype=np.float64)
        y = check_binary_labels(y)
        check_same_length(X, y)
        smooth_penalty = "l2" if self.penalty == "l2" else None
        net = MLP([X.shape[1], 1], loss="binary_cross_entropy", init="zeros", penalty=smooth_penalty, alpha=self.alpha)
        W, b = net.weights[0], net.biases[0]
        Y = y.reshape(-1, 1)
        self.loss_curve_ = []
        self.converged_ = False
        for it in range(self.max_iter + 1):
            cache = net._forward(X)
            loss = net._loss(cache.Z[-1], Y)
            if self.penalty == "l1":
                loss += self.alpha * float(np.abs(W).sum())
            self.loss_curve_.append(loss)
            grads = net._backward(cache, Y)
            dW, db = grads.dW[0], grads.db[0]
            if self._stationary(W, dW, db):
                self.converged_ = True
                break
            if it == self.max_iter:
                break
            W -= self.lr * dW
            if self.fit_intercept:
                b -= self.lr * db
            if self.penalty == "l1":
                W[...] = soft_threshold(W, self.lr * self.alpha)
        self.n_iter_ = it
        self.coef_ = W[0].copy()
        self.intercept_ = float(b[0])
        self.n_features_in_ = X.shape[1]
        if not self.converged_:
            warnings.warn(f"LogisticRegression did not converge in max_iter={self.max_iter} steps "
                          f"(largest gradient component still above tol={self.tol}). Standardise the features, "
                          "raise lr or max_iter, or note that on linearly separable data no finite optimum exists.",
                          ConvergenceWarning, stacklevel=2)
        return self

    def _stationary(self, W, dW, db):
        db_size = abs(float(db[0])) if self.fit_intercept else 0.0
        if self.penalty == "l1":
            # Optimality for L1: |dW| <= alpha where w = 0, dW + alpha sign(w) = 0 elsewhere.
            g = np.where(W != 0, dW + self.alpha * np.sign(W),
                         np.sign(dW) * np.maximum(np.abs(dW) - self.alpha, 0))
        else:
            g = dW
        return max(float(np.max(np.abs(g))), db_size) <= self.tol

    def _check_fitted(self, X):
        if not hasattr(self, "coef_"):
            raise RuntimeError("This LogisticRegression is not fitted yet; call fit(X, y) first.")
        X = check_2d(X, dtype=np.float64)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but LogisticRegression was fitted with "
                             f"{self.n_features_in_} features. Pass data with the same columns as in fit.")
        return X

    def decision_function(self, X):
        """The logit z = X @ coef_ + intercept_, shape ``(n_samples,)``."""
        X = self._check_fitted(X)
        return X @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        """P(y = 1 | x) = sigma(z), shape ``(n_samples,)``.

        (scikit-learn returns both columns, ``(n_samples, 2)``; here the one
        number the book's sigmoid neuron outputs.)
        """
        from ..activations import sigmoid

        return sigmoid(self.decision_function(X))

    def predict(self, X):
        """Labels 0/1 at threshold 0.5 (z >= 0), shape ``(n_samples,)``."""
        return (self.decision_function(X) >= 0).astype(np.float64)

    def score(self, X, y):
        """Accuracy on (X, y)."""
        X = self._check_fitted(X)
        y = check_binary_labels(y)
        check_same_length(X, y)
        return float(np.mean(self.predict(X) == y))

    def __repr__(self):
        return (f"LogisticRegression(lr={self.lr}, max_iter={self.max_iter}, tol={self.tol}, "
                f"penalty={self.penalty!r}, alpha={self.alpha})")
