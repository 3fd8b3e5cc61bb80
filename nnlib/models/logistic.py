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

from .._validation import (check_2d, check_binary_labels, check_bool, check_choice, check_int, check_positive,
                           check_same_length)
from ..regularisation import soft_threshold
from .mlp import MLP


class ConvergenceWarning(UserWarning):
    """Training stopped at ``max_iter`` before the gradient fell below ``tol``."""


class LogisticRegression:
    """Binary logistic regression trained by full-batch (accelerated) gradient descent.

    Follows scikit-learn's contract: hyper-parameters here, ``fit`` returns
    ``self``, learned attributes end in ``_``.

    Parameters
    ----------
    lr : learning rate. None (default) means 1 for ``solver="gd"`` (on
        standardised features the loss's curvature is at most
        0.25 * lambda_max(X^T X / n), so 1 is usually safe) and 1/L for
        ``solver="fista"``, with L = 0.25 lambda_max([X 1]^T [X 1] / n) (+ lam
        for L2) the largest curvature, the step FISTA's guarantee needs.
    max_iter : the most gradient steps to take.
    tol : stop when every component of the gradient (for L1: of the
        optimality condition; for FISTA: of the gradient mapping) is below this.
    penalty : None, "l2" (adds lam/2 ||w||^2) or "l1" (adds lam ||w||_1,
        handled by a proximal step, ``regularisation.soft_threshold``, so
        that weights can be exactly 0).
    lam : penalty strength (the book's lambda).
    solver : "gd", proximal gradient descent (ISTA), or "fista", its
        accelerated form (Beck & Teboulle, 2009: a momentum point
        y = theta + (t_k - 1)/t_{k+1} (theta - theta_prev) where the gradient is taken).
    fit_intercept : learn ``intercept_`` (never penalised).

    Attributes
    ----------
    coef_ : (n_features,) weights. (scikit-learn stores (1, n_features).)
    intercept_ : float.
    loss_curve_ : the objective (penalty included) where each gradient was
        taken, starting from the initial weights: the iterates for "gd", the
        momentum points for "fista".
    n_iter_ : steps taken. converged_ : whether the gradient fell below tol.
    """

    def __init__(self, lr=None, max_iter=10_000, tol=1e-8, penalty=None, lam=0.0, solver="gd", fit_intercept=True):
        self.lr = lr
        self.max_iter = max_iter
        self.tol = tol
        self.penalty = penalty
        self.lam = lam
        self.solver = solver
        self.fit_intercept = fit_intercept

    def _check_params(self):
        if self.lr is not None:
            check_positive(self.lr, "lr")
        check_int(self.max_iter, "max_iter")
        check_positive(self.tol, "tol", allow_zero=True)
        if self.penalty is not None:
            check_choice(self.penalty, "penalty", {"l1", "l2"})
        check_positive(self.lam, "lam", allow_zero=True)
        check_choice(self.solver, "solver", {"gd", "fista"})
        check_bool(self.fit_intercept, "fit_intercept")

    def _step_size(self, X):
        if self.lr is not None:
            return float(self.lr)
        if self.solver == "gd":
            return 1.0
        Q = np.column_stack([X, np.ones(X.shape[0])]) if self.fit_intercept else X
        L = 0.25 * float(np.linalg.eigvalsh(Q.T @ Q / X.shape[0])[-1]) + (self.lam if self.penalty == "l2" else 0.0)
        return 1.0 / L

    def fit(self, X, y):
        """Fit to ``X`` of shape ``(n_samples, n_features)`` and labels ``y`` in {0, 1}, ``(n_samples,)``."""
        self._check_params()
        X = check_2d(X, dtype=np.float64)
        y = check_binary_labels(y)
        check_same_length(X, y)
        lr = self._step_size(X)
        net = MLP([X.shape[1], 1], loss="binary_cross_entropy", init="zeros", penalty=self.penalty, lam=self.lam)
        W, b = net.weights[0], net.biases[0]
        Y = y.reshape(-1, 1)
        proximal = self.penalty == "l1"
        fista = self.solver == "fista"
        if fista:
            W_prev, b_prev, t = W.copy(), b.copy(), 1.0
        self.loss_curve_ = []
        self.converged_ = False
        for it in range(self.max_iter + 1):
            # GD takes the gradient at the iterate; FISTA at the momentum point, which it
            # holds in W, b while the iterate itself is W_prev, b_prev after the update below.
            loss, grads = net._loss_and_gradients_unchecked(X, Y, smooth_only=proximal)
            dW, db = grads.dW[0], grads.db[0]
            self.loss_curve_.append(loss)
            if not fista:
                if self._stationary(W, dW, db):
                    self.converged_ = True
                    break
            if it == self.max_iter:
                break
            new_W = W - lr * dW
            new_b = b - lr * db if self.fit_intercept else b.copy()
            if proximal:
                new_W = soft_threshold(new_W, lr * self.lam)
            if fista:
                # Stationary when the prox-gradient step from the momentum point barely moves it.
                step = max(float(np.max(np.abs(new_W - W))), abs(float(new_b[0] - b[0])))
                t_next = 0.5 * (1 + np.sqrt(1 + 4 * t * t))
                momentum = (t - 1) / t_next
                W[...] = new_W + momentum * (new_W - W_prev)
                b[...] = new_b + momentum * (new_b - b_prev)
                W_prev, b_prev, t = new_W, new_b, t_next
                if step / lr <= self.tol:
                    self.converged_ = True
                    break
            else:
                W[...], b[...] = new_W, new_b
        if fista:
            W, b = W_prev, b_prev
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
            # Optimality for L1: |dW| <= lam where w = 0, dW + lam sign(w) = 0 elsewhere.
            g = np.where(W != 0, dW + self.lam * np.sign(W),
                         np.sign(dW) * np.maximum(np.abs(dW) - self.lam, 0))
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
                f"penalty={self.penalty!r}, lam={self.lam}, solver={self.solver!r})")
