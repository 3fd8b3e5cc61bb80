"""Independent references that nnlib is checked against (tests and benchmarks).

Written with numpy alone and sharing no code with nnlib (not even the
sigmoid), so a bug in nnlib cannot hide in its own referee.
"""

from __future__ import annotations

import numpy as np


def newton_logistic(X, y, lam=0.0, fit_intercept=True, tol=1e-15, max_iter=100):
    """Penalised maximum-likelihood logistic regression by Newton's method (IRLS).

    Minimises the mean cross-entropy + (lam/2) ||w||^2 (intercept unpenalised).
    With Xb = [X, 1], p = sigma(Xb theta): gradient g = Xb^T (p - y) / n + lam w,
    Hessian H = Xb^T diag(p (1 - p)) Xb / n + lam I (without the intercept's
    entry); step theta <- theta - H^{-1} g, until the largest step component
    is below ``tol`` (relative to max(1, |theta|)). Returns ``(w, b, n_iter)``.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))]) if fit_intercept else X
    theta = np.zeros(Xb.shape[1])
    reg = np.diag(np.r_[np.full(d, lam), np.zeros(Xb.shape[1] - d)])
    for it in range(1, max_iter + 1):
        p = 0.5 * (1 + np.tanh(Xb @ theta / 2))  # = 1 / (1 + e^-z), written differently on purpose
        grad = Xb.T @ (p - y) / n + reg @ theta
        hess = (Xb * (p * (1 - p))[:, None]).T @ Xb / n + reg
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.max(np.abs(step)) <= tol * max(1.0, np.max(np.abs(theta))):
            break
    return theta[:d], (float(theta[d]) if fit_intercept else 0.0), it
